using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReOptIn.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Composing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ApprovedContentHash",
                table: "Campaigns",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AskName",
                table: "Campaigns",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "BodyMarkdown",
                table: "Campaigns",
                type: "character varying(50000)",
                maxLength: 50000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ConsentStatement",
                table: "Campaigns",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "ConsentVersion",
                table: "Campaigns",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "IncentiveCode",
                table: "Campaigns",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IncentiveDescription",
                table: "Campaigns",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InterestOptions",
                table: "Campaigns",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "Campaigns",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Provenance",
                table: "Campaigns",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SenderProfileId",
                table: "Campaigns",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Subject",
                table: "Campaigns",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "SubmittedAt",
                table: "Campaigns",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubmittedByUserId",
                table: "Campaigns",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAt",
                table: "Campaigns",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.CreateTable(
                name: "Senders",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    FromName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    FromAddress = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    ReplyTo = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    PostalAddress = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    SmtpHost = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    SmtpPort = table.Column<int>(type: "integer", nullable: false),
                    SmtpSecurity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SmtpUsername = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    SmtpPasswordProtected = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    MaxConnections = table.Column<int>(type: "integer", nullable: false),
                    MessagesPerSecond = table.Column<int>(type: "integer", nullable: false),
                    PerDomainPerMinute = table.Column<int>(type: "integer", nullable: false),
                    DkimDomain = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    DkimSelector = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: true),
                    DkimPrivateKeyProtected = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    BounceAddress = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Senders", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Campaigns_SenderProfileId",
                table: "Campaigns",
                column: "SenderProfileId");

            migrationBuilder.CreateIndex(
                name: "IX_Senders_Name",
                table: "Senders",
                column: "Name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Campaigns_Senders_SenderProfileId",
                table: "Campaigns",
                column: "SenderProfileId",
                principalTable: "Senders",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Campaigns_Senders_SenderProfileId",
                table: "Campaigns");

            migrationBuilder.DropTable(
                name: "Senders");

            migrationBuilder.DropIndex(
                name: "IX_Campaigns_SenderProfileId",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "ApprovedContentHash",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "AskName",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "BodyMarkdown",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "ConsentStatement",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "ConsentVersion",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "IncentiveCode",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "IncentiveDescription",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "InterestOptions",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "Provenance",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "SenderProfileId",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "Subject",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "SubmittedAt",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "SubmittedByUserId",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "Campaigns");
        }
    }
}
