using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoursePortal.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 40,
                nullable: true);
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
