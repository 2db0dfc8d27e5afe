using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReOptIn.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ReportSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReportSnapshots",
                columns: table => new
                {
                    CampaignId = table.Column<int>(type: "integer", nullable: false),
                    BuiltAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    BuildMilliseconds = table.Column<int>(type: "integer", nullable: false),
                    Report = table.Column<string>(type: "text", nullable: false),
                    Format = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportSnapshots", x => x.CampaignId);
                    table.ForeignKey(
                        name: "FK_ReportSnapshots_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReportSnapshots");
        }
    }
}
