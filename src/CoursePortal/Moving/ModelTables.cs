using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CoursePortal.Moving;

/// <summary>
/// The tables of the portal's model, read and written through EF Core so that each provider's own type
/// mapping (SQLite's text dates, PostgreSQL's timestamptz and uuid) turns the same stored values into the same
/// .NET values; one canonical text of those values is what the copy writes and what the verification hashes.
/// </summary>
internal static class ModelTables
{
    private const int Batch = 500;

    /// <summary>Every table of the model, principals before the tables that refer to them.</summary>
    public static IReadOnlyList<IEntityType> InForeignKeyOrder(IModel model)
    {
        var tables = model.GetEntityTypes().Where(t => t.GetTableName() is not null && !t.IsOwned()).OrderBy(t => t.GetTableName(), StringComparer.Ordinal).ToList();
        var ordered = new List<IEntityType>();
        var placed = new HashSet<IEntityType>();
        while (ordered.Count < tables.Count)
        {
            var ready = tables.Where(t => !placed.Contains(t)
                && t.GetForeignKeys().All(fk => fk.PrincipalEntityType == t || placed.Contains(fk.PrincipalEntityType))).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException("The model's foreign keys form a cycle; move-up cannot order its tables.");
            }

            ordered.AddRange(ready);
            placed.UnionWith(ready);
        }

        foreach (var table in ordered)
        {
            // Rows are read as objects without tracking, which carry no shadow values: a model with one would lose it.
            if (table.GetProperties().FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
            {
                throw new InvalidOperationException($"{table.DisplayName()}.{shadow.Name} is a shadow property; move-up copies mapped CLR properties only.");
            }
        }

        return ordered;
    }

    public static string TableName(IEntityType table) => table.GetTableName()!;

    /// <summary>Copies every row of <paramref name="table"/> in batches; returns the number copied.</summary>
    public static Task<long> CopyAsync(IEntityType table, PortalDbContext source, PortalDbContext target, CancellationToken cancellationToken) =>
        (Task<long>)Generic(nameof(CopyRowsAsync), table).Invoke(null, [table, source, target, cancellationToken])!;

    /// <summary>The rows of <paramref name="table"/> ordered by key, each as its canonical column texts.</summary>
    public static IAsyncEnumerable<Row> ReadAsync(IEntityType table, PortalDbContext db) =>
        (IAsyncEnumerable<Row>)Generic(nameof(ReadRows), table).Invoke(null, [table, db])!;

    private static MethodInfo Generic(string name, IEntityType table) =>
        typeof(ModelTables).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(table.ClrType);

    private static async Task<long> CopyRowsAsync<T>(IEntityType table, PortalDbContext source, PortalDbContext target, CancellationToken cancellationToken)
        where T : class
    {
        var properties = table.GetProperties().ToList();
        long count = 0;
        var batch = new List<T>(Batch);
        await foreach (var row in Ordered<T>(table, source).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            foreach (var property in properties)
            {
                // What the target keeps (PostgreSQL: microseconds, instants in UTC), set explicitly so that
                // what is written is exactly what the verification expects.
                var value = property.GetGetter().GetClrValue(row);
                var storable = Canonical.Storable(value);
                if (!Equals(value, storable))
                {
                    Set(property, row, storable);
                }
            }

            batch.Add(row);
            if (batch.Count == Batch)
            {
                count += await SaveAsync(target, batch, cancellationToken);
            }
        }

        return count + await SaveAsync(target, batch, cancellationToken);
    }

    private static async Task<int> SaveAsync<T>(PortalDbContext target, List<T> batch, CancellationToken cancellationToken)
        where T : class
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        // Keys are set, so EF Core inserts them as they are (PostgreSQL's identity columns are "by default").
        target.Set<T>().AddRange(batch);
        await target.SaveVerbatimAsync(cancellationToken);
        target.ChangeTracker.Clear();
        var saved = batch.Count;
        batch.Clear();
        return saved;
    }

    private static async IAsyncEnumerable<Row> ReadRows<T>(IEntityType table, PortalDbContext db)
        where T : class
    {
        var properties = table.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var key = table.FindPrimaryKey()!.Properties;
        await foreach (var entity in Ordered<T>(table, db).AsAsyncEnumerable())
        {
            yield return new Row(
                string.Join(", ", key.Select(p => $"{p.Name}={Canonical.Text(p.GetGetter().GetClrValue(entity))}")),
                properties.Select(p => (p.Name, Canonical.Text(p.GetGetter().GetClrValue(entity)))).ToList());
        }
    }

    /// <summary>
    /// Ordered by primary key in the database. Both providers compare text by code point (SQLite BINARY,
    /// PostgreSQL's "C" collation on every column), so the two sides come in the same order.
    /// </summary>
    private static IQueryable<T> Ordered<T>(IEntityType table, PortalDbContext db)
        where T : class
    {
        var key = table.FindPrimaryKey()!.Properties;
        IOrderedQueryable<T> query = db.Set<T>().AsNoTracking().OrderBy(e => EF.Property<object>(e, key[0].Name));
        foreach (var next in key.Skip(1))
        {
            query = query.ThenBy(e => EF.Property<object>(e, next.Name));
        }

        return query;
    }

    private static void Set(IProperty property, object entity, object? value)
    {
        if (property.PropertyInfo is { CanWrite: true } info)
        {
            info.SetValue(entity, value);
        }
        else if (property.FieldInfo is { } field)
        {
            field.SetValue(entity, value);
        }
        else
        {
            throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} cannot be set.");
        }
    }

    /// <summary>A row: its key, for messages, and each column's canonical text.</summary>
    public sealed record Row(string Key, IReadOnlyList<(string Column, string Text)> Columns)
    {
        public void AppendTo(IncrementalHash hash)
        {
            foreach (var (column, text) in Columns)
            {
                hash.AppendData(Encoding.UTF8.GetBytes($"{column}\u001f{text}\u001e"));
            }

            hash.AppendData("\u001d"u8);
        }
    }

    /// <summary>One text per value, the same whichever provider read it.</summary>
    internal static class Canonical
    {
        /// <summary>
        /// The value as the target stores it. PostgreSQL keeps times to the microsecond, where .NET (and SQLite's
        /// text) keep 100 ns; the last digit is dropped, which nothing shows. Instants with an offset go in as UTC.
        /// </summary>
        public static object? Storable(object? value) => value switch
        {
            DateTime t => new DateTime(t.Ticks - (t.Ticks % 10), t.Kind),
            DateTimeOffset t => new DateTimeOffset(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero),
            TimeOnly t => new TimeOnly(t.Ticks - (t.Ticks % 10)),
            TimeSpan t => new TimeSpan(t.Ticks - (t.Ticks % 10)),
            _ => value,
        };

        public static string Text(object? value) => Storable(value) switch
        {
            null => "\0",
            string s => $"{s.Length}:{s}",
            DateTime t => $"{t.Ticks}",
            DateTimeOffset t => $"{t.UtcTicks}",
            DateOnly d => $"{d.DayNumber}",
            TimeOnly t => $"{t.Ticks}",
            TimeSpan t => $"{t.Ticks}",
            byte[] b => Convert.ToHexStringLower(b),
            Guid g => g.ToString("D"),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString() ?? "",
        };
    }
}
