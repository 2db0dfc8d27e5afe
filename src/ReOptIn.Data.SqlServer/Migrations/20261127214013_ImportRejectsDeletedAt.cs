using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReOptIn.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ImportRejectsDeletedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "RejectsDeletedAt",
                table: "ImportJobs",
                type: "datetime2",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RejectsDeletedAt",
                table: "ImportJobs");
        }
    }
}
