using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoursePortal.Data.Migrations.PostgreSQL
{
    /// <summary>
    /// Search learns coursework items (Kind 4: title; kind label, room and description) and sections (Kind 5: name;
    /// room and note), kept in step by the same trigger function as the other sources, as on SQLite.
    /// </summary>
    public partial class SearchCoursework : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Function("""
                        WHEN 4 THEN title := NEW."Title"; body := concat_ws(' ', NEW."Kind", NEW."Room", NEW."DescriptionMarkdown");
                        WHEN 5 THEN title := NEW."Name"; body := concat_ws(' ', NEW."Room", NEW."Note");
                """));
            migrationBuilder.Sql("""
                CREATE TRIGGER "CourseworkItems_search" AFTER INSERT OR DELETE OR UPDATE OF "Title", "Kind", "Room", "DescriptionMarkdown" ON "CourseworkItems"
                    FOR EACH ROW EXECUTE FUNCTION "SearchIndex_write"(4);
                CREATE TRIGGER "Sections_search" AFTER INSERT OR DELETE OR UPDATE OF "Name", "Room", "Note" ON "Sections"
                    FOR EACH ROW EXECUTE FUNCTION "SearchIndex_write"(5);

                INSERT INTO "SearchIndex" ("Kind", "ItemId", "Title", "Body")
                SELECT 4, "Id", "Title", concat_ws(' ', "Kind", "Room", "DescriptionMarkdown") FROM "CourseworkItems";
                INSERT INTO "SearchIndex" ("Kind", "ItemId", "Title", "Body")
                SELECT 5, "Id", "Name", concat_ws(' ', "Room", "Note") FROM "Sections";
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "CourseworkItems_search" ON "CourseworkItems";
                DROP TRIGGER "Sections_search" ON "Sections";
                DELETE FROM "SearchIndex" WHERE "Kind" IN (4, 5);
                """);
            migrationBuilder.Sql(Function(""));
        }

        /// <summary>The trigger function of the SearchIndex migration, with the cases of more sources.</summary>
        private static string Function(string moreCases) => $$"""
            CREATE OR REPLACE FUNCTION "SearchIndex_write"() RETURNS trigger LANGUAGE plpgsql AS $$
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
                    WHEN 3 THEN title := NEW."Title"; body := NEW."BodyMarkdown";
            {{moreCases}}
                END CASE;
                INSERT INTO "SearchIndex" ("Kind", "ItemId", "Title", "Body")
                VALUES (kind, NEW."Id", coalesce(title, ''), coalesce(body, ''))
                ON CONFLICT ("Kind", "ItemId") DO UPDATE SET "Title" = EXCLUDED."Title", "Body" = EXCLUDED."Body";
                RETURN NULL;
            END $$;
            """;
    }
}
