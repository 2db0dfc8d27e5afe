using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReOptIn.Data.SqlServer.Migrations
{
    /// <summary>Nothing to do here: the byte-order collation of NormalizedEmail is PostgreSQL's only (ADR-0018).
    /// The migration exists so that the three providers keep the same migrations by name.</summary>
    public partial class ImportNormalizedEmailByteOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
