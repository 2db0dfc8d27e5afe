using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReOptIn.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ImportNormalizedEmailByteOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "NormalizedEmail",
                table: "Contacts",
                type: "character varying(320)",
                maxLength: 320,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(320)",
                oldMaxLength: 320);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "NormalizedEmail",
                table: "Contacts",
                type: "character varying(320)",
                maxLength: 320,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(320)",
                oldMaxLength: 320,
                oldCollation: "C");
        }
    }
}
