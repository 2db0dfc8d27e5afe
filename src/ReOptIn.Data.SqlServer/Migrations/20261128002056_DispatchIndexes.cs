using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReOptIn.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class DispatchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_CampaignId_RecipientDomain_State",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Requests_State_LeaseExpiresAt",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Requests_TokenHash",
                table: "Requests");

            migrationBuilder.AddColumn<byte[]>(
                name: "LinkHash",
                table: "Requests",
                type: "binary(32)",
                fixedLength: true,
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Requests_CampaignId_RecipientDomain",
                table: "Requests",
                columns: new[] { "CampaignId", "RecipientDomain" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Sending_LeaseExpiresAt",
                table: "Requests",
                column: "LeaseExpiresAt",
                filter: "\"State\" = 'Sending'");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_TokenHash",
                table: "Requests",
                column: "TokenHash",
                unique: true,
                filter: "\"TokenHash\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_CampaignId_RecipientDomain",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Requests_Sending_LeaseExpiresAt",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Requests_TokenHash",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "LinkHash",
                table: "Requests");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_CampaignId_RecipientDomain_State",
                table: "Requests",
                columns: new[] { "CampaignId", "RecipientDomain", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_State_LeaseExpiresAt",
                table: "Requests",
                columns: new[] { "State", "LeaseExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_TokenHash",
                table: "Requests",
                column: "TokenHash",
                unique: true,
                filter: "[TokenHash] IS NOT NULL");
        }
    }
}
