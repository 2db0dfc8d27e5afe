using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReOptIn.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Reporting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_CampaignId_State",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Bounces_CampaignId_Class",
                table: "Bounces");

            migrationBuilder.AddColumn<int>(
                name: "SourceListId",
                table: "Requests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "VisitedAt",
                table: "Requests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Requests_CampaignId_RecipientDomain_State",
                table: "Requests",
                columns: new[] { "CampaignId", "RecipientDomain", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_CampaignId_State_SourceListId_SentAt_VisitedAt_ConfirmedAt",
                table: "Requests",
                columns: new[] { "CampaignId", "State", "SourceListId", "SentAt", "VisitedAt", "ConfirmedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Bounces_CampaignId_Class_Reason_RequestId",
                table: "Bounces",
                columns: new[] { "CampaignId", "Class", "Reason", "RequestId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_CampaignId_RecipientDomain_State",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Requests_CampaignId_State_SourceListId_SentAt_VisitedAt_ConfirmedAt",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Bounces_CampaignId_Class_Reason_RequestId",
                table: "Bounces");

            migrationBuilder.DropColumn(
                name: "SourceListId",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "VisitedAt",
                table: "Requests");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_CampaignId_State",
                table: "Requests",
                columns: new[] { "CampaignId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Bounces_CampaignId_Class",
                table: "Bounces",
                columns: new[] { "CampaignId", "Class" });
        }
    }
}
