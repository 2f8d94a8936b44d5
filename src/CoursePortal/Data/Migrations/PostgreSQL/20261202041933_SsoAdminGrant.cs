using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoursePortal.Data.Migrations.PostgreSQL
{
    /// <inheritdoc />
    public partial class SsoAdminGrant : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AdminGrantedBy",
                table: "AspNetUsers",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true,
                collation: "C");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AdminGrantedBy",
                table: "AspNetUsers");
        }
    }
}
