using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReOptIn.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Dispatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<byte[]>(
                name: "TokenHash",
                table: "Requests",
                type: "BLOB",
                fixedLength: true,
                maxLength: 32,
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "BLOB",
                oldFixedLength: true,
                oldMaxLength: 32);

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "Requests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "FirstAttemptAt",
                table: "Requests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptAt",
                table: "Requests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecipientDomain",
                table: "Requests",
                type: "TEXT",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Eligible",
                table: "Campaigns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "PauseReason",
                table: "Campaigns",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SkippedAlreadyAsked",
                table: "Campaigns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SkippedJurisdiction",
                table: "Campaigns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SkippedSuppressed",
                table: "Campaigns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Requests_State_LeaseExpiresAt",
                table: "Requests",
                columns: new[] { "State", "LeaseExpiresAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_State_LeaseExpiresAt",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "FirstAttemptAt",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "NextAttemptAt",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "RecipientDomain",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "Eligible",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "PauseReason",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "SkippedAlreadyAsked",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "SkippedJurisdiction",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "SkippedSuppressed",
                table: "Campaigns");

            migrationBuilder.AlterColumn<byte[]>(
                name: "TokenHash",
                table: "Requests",
                type: "BLOB",
                fixedLength: true,
                maxLength: 32,
                nullable: false,
                defaultValue: new byte[0],
                oldClrType: typeof(byte[]),
                oldType: "BLOB",
                oldFixedLength: true,
                oldMaxLength: 32,
                oldNullable: true);
        }
    }
}
