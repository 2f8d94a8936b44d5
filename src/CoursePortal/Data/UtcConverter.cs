using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CoursePortal.Data;

/// <summary>Stores every instant in UTC and reads it back as UTC, whatever the provider.</summary>
public sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
