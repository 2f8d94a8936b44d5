using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoursePortal.Data.Migrations.PostgreSQL
{
    /// <inheritdoc />
    public partial class CourseworkMaterials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CourseworkItemId",
                table: "Materials",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Materials_CourseworkItemId",
                table: "Materials",
                column: "CourseworkItemId");

            migrationBuilder.AddForeignKey(
                name: "FK_Materials_CourseworkItems_CourseworkItemId",
                table: "Materials",
                column: "CourseworkItemId",
                principalTable: "CourseworkItems",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Materials_CourseworkItems_CourseworkItemId",
                table: "Materials");

            migrationBuilder.DropIndex(
                name: "IX_Materials_CourseworkItemId",
                table: "Materials");

            migrationBuilder.DropColumn(
                name: "CourseworkItemId",
                table: "Materials");
        }
    }
}
