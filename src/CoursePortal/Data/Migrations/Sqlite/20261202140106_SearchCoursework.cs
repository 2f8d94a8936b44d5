using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoursePortal.Data.Migrations.Sqlite
{
    /// <summary>
    /// Search learns coursework items and sections, and gets back the material triggers that the
    /// CourseworkMaterials migration lost: SQLite adds a foreign key by rebuilding the table, and a rebuilt table
    /// has no triggers. So the whole index is rebuilt here, every trigger created afresh, and any later migration
    /// that rebuilds a searched table must do the same (MigrationTests checks that each searched table has its
    /// triggers). The rowid now packs the source as id * 8 + kind: 1 lecture, 2 material, 3 announcement,
    /// 4 coursework item, 5 section (<see cref="Search.SearchQueries.HitKind"/>).
    /// </summary>
    public partial class SearchCoursework : Migration
    {
        private sealed record Source(string Table, int Kind, string Title, string Body, string Columns);

        private static readonly Source[] Before =
        [
            new("Lectures", 1, "\"Topic\"", "\"NotesMarkdown\"", "\"Topic\", \"NotesMarkdown\""),
            new("Materials", 2, "\"Title\"", "coalesce(\"FileName\", '')", "\"Title\", \"FileName\""),
            new("Announcements", 3, "\"Title\"", "\"BodyMarkdown\"", "\"Title\", \"BodyMarkdown\""),
        ];

        private static readonly Source[] After =
        [
            .. Before,
            new("CourseworkItems", 4, "\"Title\"", "\"Kind\" || ' ' || coalesce(\"Room\", '') || ' ' || \"DescriptionMarkdown\"",
                "\"Title\", \"Kind\", \"Room\", \"DescriptionMarkdown\""),
            new("Sections", 5, "\"Name\"", "coalesce(\"Room\", '') || ' ' || \"Note\"", "\"Name\", \"Room\", \"Note\""),
        ];

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Drop(Before));
            migrationBuilder.Sql(Create(After, 8));
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Drop(After));
            migrationBuilder.Sql(Create(Before, 4));
        }

        private static string Drop(Source[] sources) =>
            string.Concat(sources.Select(s => $"""
                DROP TRIGGER IF EXISTS "{s.Table}_search_insert";
                DROP TRIGGER IF EXISTS "{s.Table}_search_update";
                DROP TRIGGER IF EXISTS "{s.Table}_search_delete";

                """))
            + "DROP TABLE IF EXISTS \"SearchIndex\";\n";

        /// <summary>The index, a trigger for each write to each source, and a row for everything already stored.</summary>
        private static string Create(Source[] sources, int pack) =>
            "CREATE VIRTUAL TABLE \"SearchIndex\" USING fts5(\"Title\", \"Body\", tokenize = 'porter unicode61 remove_diacritics 2');\n"
            + string.Concat(sources.Select(s =>
            {
                var rowid = $"* {pack} + {s.Kind}";
                return $"""
                    CREATE TRIGGER "{s.Table}_search_insert" AFTER INSERT ON "{s.Table}" BEGIN
                        INSERT INTO "SearchIndex"(rowid, "Title", "Body") VALUES (new."Id" {rowid}, {New(s.Title)}, {New(s.Body)});
                    END;
                    CREATE TRIGGER "{s.Table}_search_update" AFTER UPDATE OF {s.Columns} ON "{s.Table}" BEGIN
                        DELETE FROM "SearchIndex" WHERE rowid = old."Id" {rowid};
                        INSERT INTO "SearchIndex"(rowid, "Title", "Body") VALUES (new."Id" {rowid}, {New(s.Title)}, {New(s.Body)});
                    END;
                    CREATE TRIGGER "{s.Table}_search_delete" AFTER DELETE ON "{s.Table}" BEGIN
                        DELETE FROM "SearchIndex" WHERE rowid = old."Id" {rowid};
                    END;
                    INSERT INTO "SearchIndex"(rowid, "Title", "Body") SELECT "Id" {rowid}, {s.Title}, {s.Body} FROM "{s.Table}";

                    """;
            }));

        /// <summary>An expression over the stored row's columns, as the same expression over the trigger's new row.</summary>
        private static string New(string expression) =>
            System.Text.RegularExpressions.Regex.Replace(expression, "\"([A-Za-z]+)\"", "new.\"$1\"");
    }
}
