using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReOptIn.Data.PostgreSql.Migrations
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
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LawfulBasis",
                table: "Lists",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LawfulBasisRecordedAt",
                table: "Lists",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LawfulBasisRecordedByUserId",
                table: "Lists",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MappingJson",
                table: "Lists",
                type: "text",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Country",
                table: "Contacts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(2)",
                oldMaxLength: 2,
                oldNullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Flags",
                table: "Contacts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Jurisdiction",
                table: "Contacts",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ImportJobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ListId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    StoredPath = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    FileBytes = table.Column<long>(type: "bigint", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Encoding = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Delimiter = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    HasHeader = table.Column<bool>(type: "boolean", nullable: true),
                    MappingJson = table.Column<string>(type: "text", nullable: true),
                    ColumnCount = table.Column<int>(type: "integer", nullable: false),
                    DetectionNotes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    BytesRead = table.Column<long>(type: "bigint", nullable: false),
                    RowsRead = table.Column<long>(type: "bigint", nullable: false),
                    Accepted = table.Column<long>(type: "bigint", nullable: false),
                    Rejected = table.Column<long>(type: "bigint", nullable: false),
                    Duplicates = table.Column<long>(type: "bigint", nullable: false),
                    Flagged = table.Column<long>(type: "bigint", nullable: false),
                    RejectedByReasonJson = table.Column<string>(type: "text", nullable: true),
                    ErrorCode = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ErrorMessage = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CancelRequested = table.Column<bool>(type: "boolean", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LeaseOwner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LeaseExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobId = table.Column<long>(type: "bigint", nullable: false),
                    RowNumber = table.Column<long>(type: "bigint", nullable: false),
                    Reason = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Detail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Row = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false)
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

            migrationBuilder.AlterColumn<string>(
                name: "Country",
                table: "Contacts",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_AddressHash",
                table: "Contacts",
                column: "AddressHash",
                unique: true);
        }
    }
}
