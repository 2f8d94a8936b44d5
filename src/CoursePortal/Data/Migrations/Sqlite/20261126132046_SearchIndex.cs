using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoursePortal.Data.Migrations.Sqlite
{
    /// <summary>
    /// Full-text search (SQLite FTS5) over lecture topics and notes, material titles and announcements.
    /// Triggers keep the index in step with every write, whoever makes it; visibility (drafts, release
    /// times) is decided at query time, so a release time passing needs no re-indexing. The rowid packs
    /// the source: id * 4 + 1 for a lecture, + 2 for a material, + 3 for an announcement.
    /// </summary>
    public partial class SearchIndex : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "SearchIndex" USING fts5("Title", "Body", tokenize = 'porter unicode61 remove_diacritics 2');

                CREATE TRIGGER "Lectures_search_insert" AFTER INSERT ON "Lectures" BEGIN
                    INSERT INTO "SearchIndex"(rowid, "Title", "Body") VALUES (new."Id" * 4 + 1, new."Topic", new."NotesMarkdown");
                END;
                CREATE TRIGGER "Lectures_search_update" AFTER UPDATE OF "Topic", "NotesMarkdown" ON "Lectures" BEGIN
                    DELETE FROM "SearchIndex" WHERE rowid = old."Id" * 4 + 1;
                    INSERT INTO "SearchIndex"(rowid, "Title", "Body") VALUES (new."Id" * 4 + 1, new."Topic", new."NotesMarkdown");
                END;
                CREATE TRIGGER "Lectures_search_delete" AFTER DELETE ON "Lectures" BEGIN
                    DELETE FROM "SearchIndex" WHERE rowid = old."Id" * 4 + 1;
                END;

                CREATE TRIGGER "Materials_search_insert" AFTER INSERT ON "Materials" BEGIN
                    INSERT INTO "SearchIndex"(rowid, "Title", "Body") VALUES (new."Id" * 4 + 2, new."Title", coalesce(new."FileName", ''));
                END;
                CREATE TRIGGER "Materials_search_update" AFTER UPDATE OF "Title", "FileName" ON "Materials" BEGIN
                    DELETE FROM "SearchIndex" WHERE rowid = old."Id" * 4 + 2;
                    INSERT INTO "SearchIndex"(rowid, "Title", "Body") VALUES (new."Id" * 4 + 2, new."Title", coalesce(new."FileName", ''));
                END;
                CREATE TRIGGER "Materials_search_delete" AFTER DELETE ON "Materials" BEGIN
                    DELETE FROM "SearchIndex" WHERE rowid = old."Id" * 4 + 2;
                END;

                CREATE TRIGGER "Announcements_search_insert" AFTER INSERT ON "Announcements" BEGIN
                    INSERT INTO "SearchIndex"(rowid, "Title", "Body") VALUES (new."Id" * 4 + 3, new."Title", new."BodyMarkdown");
                END;
                CREATE TRIGGER "Announcements_search_update" AFTER UPDATE OF "Title", "BodyMarkdown" ON "Announcements" BEGIN
                    DELETE FROM "SearchIndex" WHERE rowid = old."Id" * 4 + 3;
                    INSERT INTO "SearchIndex"(rowid, "Title", "Body") VALUES (new."Id" * 4 + 3, new."Title", new."BodyMarkdown");
                END;
                CREATE TRIGGER "Announcements_search_delete" AFTER DELETE ON "Announcements" BEGIN
                    DELETE FROM "SearchIndex" WHERE rowid = old."Id" * 4 + 3;
                END;

                INSERT INTO "SearchIndex"(rowid, "Title", "Body") SELECT "Id" * 4 + 1, "Topic", "NotesMarkdown" FROM "Lectures";
                INSERT INTO "SearchIndex"(rowid, "Title", "Body") SELECT "Id" * 4 + 2, "Title", coalesce("FileName", '') FROM "Materials";
                INSERT INTO "SearchIndex"(rowid, "Title", "Body") SELECT "Id" * 4 + 3, "Title", "BodyMarkdown" FROM "Announcements";
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "Lectures_search_insert";
                DROP TRIGGER "Lectures_search_update";
                DROP TRIGGER "Lectures_search_delete";
                DROP TRIGGER "Materials_search_insert";
                DROP TRIGGER "Materials_search_update";
                DROP TRIGGER "Materials_search_delete";
                DROP TRIGGER "Announcements_search_insert";
                DROP TRIGGER "Announcements_search_update";
                DROP TRIGGER "Announcements_search_delete";
                DROP TABLE "SearchIndex";
                """);
        }
    }
}
