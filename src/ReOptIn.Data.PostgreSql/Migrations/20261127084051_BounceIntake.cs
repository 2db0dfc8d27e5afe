using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReOptIn.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class BounceIntake : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MessageKey",
                table: "Bounces",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BounceMailboxes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SenderProfileId = table.Column<int>(type: "integer", nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    Host = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Port = table.Column<int>(type: "integer", nullable: false),
                    Security = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Username = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    PasswordProtected = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Folder = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ProcessedFolder = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastPollAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastPollOk = table.Column<bool>(type: "boolean", nullable: true),
                    LastPollMessage = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LeaseExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BounceMailboxes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BounceMailboxes_Senders_SenderProfileId",
                        column: x => x.SenderProfileId,
                        principalTable: "Senders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Bounces_MessageKey",
                table: "Bounces",
                column: "MessageKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BounceMailboxes_SenderProfileId",
                table: "BounceMailboxes",
                column: "SenderProfileId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BounceMailboxes");

            migrationBuilder.DropIndex(
                name: "IX_Bounces_MessageKey",
                table: "Bounces");

            migrationBuilder.DropColumn(
                name: "MessageKey",
                table: "Bounces");
        }
    }
}
