using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReOptIn.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Importing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Contacts_AddressHash",
                table: "Contacts");

            migrationBuilder.AddColumn<long>(
                name: "ImportJobId",
                table: "Memberships",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LawfulBasis",
                table: "Lists",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LawfulBasisRecordedAt",
                table: "Lists",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LawfulBasisRecordedByUserId",
                table: "Lists",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MappingJson",
                table: "Lists",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Flags",
                table: "Contacts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Jurisdiction",
                table: "Contacts",
                type: "TEXT",
                maxLength: 2,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ImportJobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ListId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    StoredPath = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    FileBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Encoding = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Delimiter = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    HasHeader = table.Column<bool>(type: "INTEGER", nullable: true),
                    MappingJson = table.Column<string>(type: "TEXT", nullable: true),
                    ColumnCount = table.Column<int>(type: "INTEGER", nullable: false),
                    DetectionNotes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    BytesRead = table.Column<long>(type: "INTEGER", nullable: false),
                    RowsRead = table.Column<long>(type: "INTEGER", nullable: false),
                    Accepted = table.Column<long>(type: "INTEGER", nullable: false),
                    Rejected = table.Column<long>(type: "INTEGER", nullable: false),
                    Duplicates = table.Column<long>(type: "INTEGER", nullable: false),
                    Flagged = table.Column<long>(type: "INTEGER", nullable: false),
                    RejectedByReasonJson = table.Column<string>(type: "TEXT", nullable: true),
                    ErrorCode = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ErrorMessage = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CancelRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LeaseExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportJobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportJobs_Lists_ListId",
                        column: x => x.ListId,
                        principalTable: "Lists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImportRejects",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JobId = table.Column<long>(type: "INTEGER", nullable: false),
                    RowNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Row = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportRejects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportRejects_ImportJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "ImportJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ImportJobs_ListId",
                table: "ImportJobs",
                column: "ListId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportJobs_Status",
                table: "ImportJobs",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_ImportRejects_JobId_RowNumber",
                table: "ImportRejects",
                columns: new[] { "JobId", "RowNumber" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ImportRejects");

            migrationBuilder.DropTable(
                name: "ImportJobs");

            migrationBuilder.DropColumn(
                name: "ImportJobId",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "LawfulBasis",
                table: "Lists");

            migrationBuilder.DropColumn(
                name: "LawfulBasisRecordedAt",
                table: "Lists");

            migrationBuilder.DropColumn(
                name: "LawfulBasisRecordedByUserId",
                table: "Lists");

            migrationBuilder.DropColumn(
                name: "MappingJson",
                table: "Lists");

            migrationBuilder.DropColumn(
                name: "Flags",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "Jurisdiction",
                table: "Contacts");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_AddressHash",
                table: "Contacts",
                column: "AddressHash",
                unique: true);
        }
    }
}
