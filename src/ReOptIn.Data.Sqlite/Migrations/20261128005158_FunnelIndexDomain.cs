using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReOptIn.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FunnelIndexDomain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_CampaignId_State_SourceListId_SentAt_VisitedAt_ConfirmedAt",
                table: "Requests");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_CampaignId_State_SourceListId_SentAt_VisitedAt_ConfirmedAt_RecipientDomain",
                table: "Requests",
                columns: new[] { "CampaignId", "State", "SourceListId", "SentAt", "VisitedAt", "ConfirmedAt", "RecipientDomain" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_CampaignId_State_SourceListId_SentAt_VisitedAt_ConfirmedAt_RecipientDomain",
                table: "Requests");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_CampaignId_State_SourceListId_SentAt_VisitedAt_ConfirmedAt",
                table: "Requests",
                columns: new[] { "CampaignId", "State", "SourceListId", "SentAt", "VisitedAt", "ConfirmedAt" });
        }
    }
}
