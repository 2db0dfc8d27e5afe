using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReOptIn.Data.Sqlite.Migrations
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
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BounceMailboxes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SenderProfileId = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Port = table.Column<int>(type: "INTEGER", nullable: false),
                    Security = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    PasswordProtected = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Folder = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ProcessedFolder = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastPollAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastPollOk = table.Column<bool>(type: "INTEGER", nullable: true),
                    LastPollMessage = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LeaseExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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
