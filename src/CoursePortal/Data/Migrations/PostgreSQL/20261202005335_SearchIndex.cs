using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoursePortal.Data.Migrations.PostgreSQL
{
    /// <summary>
    /// Full-text search on PostgreSQL, the counterpart of the SQLite FTS5 index: one "SearchIndex" row per
    /// lecture (Kind 1), material (2) and announcement (3), kept in step by triggers on every write, whoever
    /// makes it (the same design as on SQLite, so both providers find the same things). The row's
    /// <c>tsvector</c> is a stored generated column (the title weighted A above the body's B, English
    /// stemming like FTS5's porter tokenizer) with a GIN index. Visibility (drafts, release times) is decided
    /// at query time, so a release time passing needs no re-indexing. Triggers rather than generated columns
    /// on the source tables keep those tables exactly as the EF model describes them.
    /// </summary>
    public partial class SearchIndex : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "SearchIndex" (
                    "Kind" integer NOT NULL,
                    "ItemId" integer NOT NULL,
                    "Title" text NOT NULL,
                    "Body" text NOT NULL,
                    "Document" tsvector GENERATED ALWAYS AS (
                        setweight(to_tsvector('english', "Title"), 'A') || setweight(to_tsvector('english', "Body"), 'B')) STORED,
                    PRIMARY KEY ("Kind", "ItemId"));
                CREATE INDEX "IX_SearchIndex_Document" ON "SearchIndex" USING GIN ("Document");

                CREATE FUNCTION "SearchIndex_write"() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    kind integer := TG_ARGV[0]::integer;
                    title text;
                    body text;
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        DELETE FROM "SearchIndex" WHERE "Kind" = kind AND "ItemId" = OLD."Id";
                        RETURN NULL;
                    END IF;
                    CASE kind
                        WHEN 1 THEN title := NEW."Topic"; body := NEW."NotesMarkdown";
                        WHEN 2 THEN title := NEW."Title"; body := NEW."FileName";
                        ELSE title := NEW."Title"; body := NEW."BodyMarkdown";
                    END CASE;
                    INSERT INTO "SearchIndex" ("Kind", "ItemId", "Title", "Body")
                    VALUES (kind, NEW."Id", coalesce(title, ''), coalesce(body, ''))
                    ON CONFLICT ("Kind", "ItemId") DO UPDATE SET "Title" = EXCLUDED."Title", "Body" = EXCLUDED."Body";
                    RETURN NULL;
                END $$;

                CREATE TRIGGER "Lectures_search" AFTER INSERT OR DELETE OR UPDATE OF "Topic", "NotesMarkdown" ON "Lectures"
                    FOR EACH ROW EXECUTE FUNCTION "SearchIndex_write"(1);
                CREATE TRIGGER "Materials_search" AFTER INSERT OR DELETE OR UPDATE OF "Title", "FileName" ON "Materials"
                    FOR EACH ROW EXECUTE FUNCTION "SearchIndex_write"(2);
                CREATE TRIGGER "Announcements_search" AFTER INSERT OR DELETE OR UPDATE OF "Title", "BodyMarkdown" ON "Announcements"
                    FOR EACH ROW EXECUTE FUNCTION "SearchIndex_write"(3);

                INSERT INTO "SearchIndex" ("Kind", "ItemId", "Title", "Body") SELECT 1, "Id", "Topic", "NotesMarkdown" FROM "Lectures";
                INSERT INTO "SearchIndex" ("Kind", "ItemId", "Title", "Body") SELECT 2, "Id", "Title", coalesce("FileName", '') FROM "Materials";
                INSERT INTO "SearchIndex" ("Kind", "ItemId", "Title", "Body") SELECT 3, "Id", "Title", "BodyMarkdown" FROM "Announcements";
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "Lectures_search" ON "Lectures";
                DROP TRIGGER "Materials_search" ON "Materials";
                DROP TRIGGER "Announcements_search" ON "Announcements";
                DROP FUNCTION "SearchIndex_write"();
                DROP TABLE "SearchIndex";
                """);
        }
    }
}
