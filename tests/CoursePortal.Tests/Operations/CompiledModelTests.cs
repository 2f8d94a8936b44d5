using System.Text;
using CoursePortal.Data;
using CoursePortal.Data.CompiledModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CoursePortal.Tests.Operations;

/// <summary>
/// The portal runs on a precompiled EF Core model (Data/CompiledModel), which starts faster than building
/// the model from the entity classes at every start. It must say what the entity classes and
/// <c>OnModelCreating</c> say; after a change to either, regenerate it with
/// <c>dotnet ef dbcontext optimize -p src/CoursePortal -o Data/CompiledModel -n CoursePortal.Data.CompiledModel</c>.
/// </summary>
public sealed class CompiledModelTests(Infrastructure.PortalApplication app) : IClassFixture<Infrastructure.PortalApplication>
{
    [Fact]
    public async Task The_compiled_model_matches_the_model_built_from_the_code()
    {
        // Built inside the app, so that what its services tell the model (Identity's store options) counts.
        var built = await app.WithDbAsync(db => Task.FromResult(db.GetService<IDesignTimeModel>().Model));
        Assert.IsNotType<PortalDbContextModel>(built);

        var expected = Describe(built);
        var actual = Describe(PortalDbContextModel.Instance);

        Assert.True(expected == actual,
            "Data/CompiledModel is out of date; regenerate it with: dotnet ef dbcontext optimize -p src/CoursePortal -o Data/CompiledModel -n CoursePortal.Data.CompiledModel\n"
            + string.Join('\n', expected.Split('\n').Except(actual.Split('\n')).Select(l => "  missing: " + l)
                .Concat(actual.Split('\n').Except(expected.Split('\n')).Select(l => "  extra:   " + l))));
    }

    [Fact]
    public async Task The_portal_uses_the_compiled_model()
    {
        var model = await app.WithDbAsync(db => Task.FromResult(db.Model));

        Assert.IsAssignableFrom<PortalDbContextModel>(model);
    }

    /// <summary>
    /// What the running portal reads from the model, one line per fact, sorted. (Schema-only details such as
    /// collations are not kept in a compiled model; the migrations hold those.)
    /// </summary>
    private static string Describe(IModel model)
    {
        var lines = new List<string>();
        foreach (var entity in model.GetEntityTypes())
        {
            var e = $"{entity.Name} table={entity.GetTableName()} base={entity.BaseType?.Name}";
            lines.Add(e);
            foreach (var p in entity.GetProperties())
            {
                lines.Add($"{e} property {p.Name} {p.ClrType} nullable={p.IsNullable} column={p.GetColumnName()} type={p.GetColumnType()} "
                    + $"max={p.GetMaxLength()} generated={p.ValueGenerated} concurrency={p.IsConcurrencyToken} converter={p.GetValueConverter()?.GetType()} "
                    + $"comparer={p.GetValueComparer().GetType()} unicode={p.IsUnicode()} precision={p.GetPrecision()} scale={p.GetScale()}");
            }

            foreach (var n in entity.GetNavigations())
            {
                lines.Add($"{e} navigation {n.Name} -> {n.TargetEntityType.Name} collection={n.IsCollection}");
            }

            foreach (var k in entity.GetKeys())
            {
                lines.Add($"{e} key {string.Join(",", k.Properties.Select(p => p.Name))} primary={k.IsPrimaryKey()}");
            }

            foreach (var i in entity.GetIndexes())
            {
                lines.Add($"{e} index {string.Join(",", i.Properties.Select(p => p.Name))} unique={i.IsUnique} name={i.GetDatabaseName()} filter={i.GetFilter()}");
            }

            foreach (var f in entity.GetForeignKeys())
            {
                lines.Add($"{e} foreign key {string.Join(",", f.Properties.Select(p => p.Name))} -> {f.PrincipalEntityType.Name}"
                    + $"({string.Join(",", f.PrincipalKey.Properties.Select(p => p.Name))}) "
                    + $"required={f.IsRequired} delete={f.DeleteBehavior} unique={f.IsUnique} name={f.GetConstraintName()}");
            }

            foreach (var trigger in entity.GetDeclaredTriggers())
            {
                lines.Add($"{e} trigger {trigger.GetDatabaseName()}");
            }

            foreach (var filter in entity.GetDeclaredQueryFilters())
            {
                lines.Add($"{e} filter {filter.Key} {filter.Expression}");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }
}
