using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReOptIn.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Dispatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_TokenHash",
                table: "Requests");

            migrationBuilder.AlterColumn<byte[]>(
                name: "TokenHash",
                table: "Requests",
                type: "binary(32)",
                fixedLength: true,
                maxLength: 32,
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "binary(32)",
                oldFixedLength: true,
                oldMaxLength: 32);

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "Requests",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "FirstAttemptAt",
                table: "Requests",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptAt",
                table: "Requests",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecipientDomain",
                table: "Requests",
                type: "nvarchar(255)",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Eligible",
                table: "Campaigns",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "PauseReason",
                table: "Campaigns",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SkippedAlreadyAsked",
                table: "Campaigns",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SkippedJurisdiction",
                table: "Campaigns",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SkippedSuppressed",
                table: "Campaigns",
                type: "int",
                nullable: false,
                defaultValue: 0);

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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_State_LeaseExpiresAt",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Requests_TokenHash",
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
                type: "binary(32)",
                fixedLength: true,
                maxLength: 32,
                nullable: false,
                defaultValue: new byte[0],
                oldClrType: typeof(byte[]),
                oldType: "binary(32)",
                oldFixedLength: true,
                oldMaxLength: 32,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Requests_TokenHash",
                table: "Requests",
                column: "TokenHash",
                unique: true);
        }
    }
}
