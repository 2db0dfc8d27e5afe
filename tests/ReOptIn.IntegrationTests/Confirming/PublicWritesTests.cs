using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Confirming;
using ReOptIn.Core.Data;
using ReOptIn.Core.HandOff;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Confirming;

/// <summary>
/// A confirmation's consent receipt and hand-off event are written with plain INSERTs
/// (ADR-0020, second addendum). The receipt is the legal record: its row must hold exactly what
/// EF writes for the same entity (times in the provider's UTC format, the statement's SHA-256, the
/// form's JSON, nulls), on SQLite and PostgreSQL. Each test confirms through the form, reads both
/// rows back through EF, writes a copy of them through EF for another request, and compares the
/// stored columns one by one.
/// </summary>
public sealed class PublicWritesTests(ConfirmingApp fixture) : IClassFixture<ConfirmingApp>
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);
    private const string PersonAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

    [Fact]
    public async Task The_receipt_and_event_rows_are_what_ef_writes_on_sqlite() => await AssertRowsAsEfWritesAsync(fixture.App);

    [Fact]
    public async Task The_receipt_and_event_rows_are_what_ef_writes_on_postgresql()
    {
        await using var app = await ReOptInFactory.PostgreSqlAsync(ContactFixture.Settings());
        await AssertRowsAsEfWritesAsync(app);
    }

    private static async Task AssertRowsAsEfWritesAsync(ReOptInFactory app)
    {
        // A person who visited, gave names and interests; and a form posted without a visit of its own
        // and without a User-Agent (the receipt's nullable facts left null).
        var visited = await ContactFixture.SendAsync(app, firstName: "Zoé");
        var unvisited = await ContactFixture.SendAsync(app, configure: c => c.AskName = false);
        using var person = Browser.Open(app);
        person.Http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", PersonAgent);
        var page = await person.GetPageAsync(visited.ConfirmUrl);
        using var bare = Browser.Open(app);
        var otherPage = await bare.GetPageAsync(visited.ConfirmUrl);

        var confirmed = await person.Http.PostAsync(visited.ConfirmUrl, new FormUrlEncodedContent(
        [
            new("Input.Consent", "true"), new("Input.FirstName", "  Zoé  "), new("Input.LastName", "O'Brien \"<&>\""),
            new("Input.Interests", "Sales"), new("Input.Interests", "Shoes"), new("__RequestVerificationToken", Browser.TokenIn(page)),
        ]));
        Assert.Contains("Thank you: it is confirmed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var second = await bare.Http.PostAsync(unvisited.ConfirmUrl + "?lang=fr", new FormUrlEncodedContent(
        [
            new("Input.Consent", "true"), new("__RequestVerificationToken", Browser.TokenIn(otherPage)),
        ]));
        Assert.Contains("Merci : c’est confirmé", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var first = await ReadAsync(app, visited.RequestId);
        Assert.Equal(visited.CampaignId, first.Receipt.CampaignId);
        Assert.Equal(visited.Email, first.Receipt.Email);
        Assert.Equal(ContactFixture.Statement, first.Receipt.ConsentStatement);
        Assert.Equal(ConsentReceipt.Sha256Hex(ContactFixture.Statement), first.Receipt.ConsentStatementSha256);
        Assert.Equal(64, first.Receipt.ConsentStatementSha256.Length);
        // As ConfirmationService serialises the form (web defaults: camelCase, non-ASCII and markup escaped).
        Assert.Equal(JsonSerializer.Serialize(new { firstName = "Zoé", lastName = "O'Brien \"<&>\"", interests = new[] { "Shoes", "Sales" } }, WebJson),
            first.Receipt.FormJson);
        Assert.Equal("en", first.Receipt.Language);
        Assert.Equal(PersonAgent, first.Receipt.UserAgent);
        Assert.Equal(DateTimeKind.Utc, first.Receipt.SubmittedAt.Kind);
        Assert.Equal(first.Receipt.SubmittedAt, first.Request.ConfirmedAt);
        Assert.Equal(first.Request.SentAt, first.Receipt.SentAt);
        Assert.Equal(first.Request.MessageId, first.Receipt.MessageId);
        Assert.NotNull(first.Receipt.ApprovedContentHash);
        Assert.Equal(2, first.Receipt.VisitCount);
        Assert.Equal(1, first.Receipt.AutomatedVisitCount); // the visit without a User-Agent
        Assert.NotNull(first.Receipt.FirstVisitAt);
        Assert.Null(first.Receipt.ErasedAt);
        Assert.Equal(first.Receipt.SubmittedAt, first.Event.CreatedAt);
        Assert.Equal(visited.CampaignId, first.Event.CampaignId);

        var other = await ReadAsync(app, unvisited.RequestId);
        Assert.Equal(JsonSerializer.Serialize(new { firstName = (string?)null, lastName = (string?)null, interests = Array.Empty<string>() }, WebJson),
            other.Receipt.FormJson);
        Assert.Equal("fr", other.Receipt.Language);
        Assert.Null(other.Receipt.UserAgent);
        Assert.Null(other.Receipt.FirstVisitAt);
        Assert.Equal(0, other.Receipt.VisitCount);
        Assert.Equal(other.Receipt.SubmittedAt, other.Event.CreatedAt);

        foreach (var written in new[] { first, other })
        {
            // The same receipt and event written by EF for another request: every stored column the same.
            var copy = await ContactFixture.SendAsync(app);
            await ContactFixture.ReadAsync(app, async db =>
            {
                var r = written.Receipt;
                db.Receipts.Add(new ConsentReceipt(copy.RequestId, r.CampaignId, r.Email, r.ConsentStatement, r.ConsentVersion, r.FormJson, r.SubmittedAt, r.Language)
                {
                    IpAddress = r.IpAddress, UserAgent = r.UserAgent, SentAt = r.SentAt, MessageId = r.MessageId,
                    ApprovedContentHash = r.ApprovedContentHash, FirstVisitAt = r.FirstVisitAt, VisitCount = r.VisitCount,
                    AutomatedVisitCount = r.AutomatedVisitCount,
                });
                db.HandOffEvents.Add(new HandOffEvent(copy.RequestId, written.Event.CampaignId, written.Event.CreatedAt));
                return await db.SaveChangesAsync();
            });
            foreach (var table in new[] { "ConsentReceipts", "HandOffEvents" })
            {
                var plain = await StoredRowAsync(app, table, written.Request.Id);
                var byEf = await StoredRowAsync(app, table, copy.RequestId);
                Assert.Equal(byEf.Keys.Order(StringComparer.Ordinal), plain.Keys.Order(StringComparer.Ordinal));
                foreach (var (column, value) in byEf)
                    Assert.True(Equals(value, plain[column]), $"{table}.{column}: EF stores {value}, the plain INSERT stored {plain[column]}");
            }
        }
    }

    private sealed record Written(PermissionRequest Request, ConsentReceipt Receipt, HandOffEvent Event);

    private static Task<Written> ReadAsync(ReOptInFactory app, long requestId) => ContactFixture.ReadAsync(app, async db => new Written(
        await db.Requests.AsNoTracking().SingleAsync(r => r.Id == requestId),
        await db.Receipts.AsNoTracking().SingleAsync(r => r.RequestId == requestId),
        await db.HandOffEvents.AsNoTracking().SingleAsync(e => e.RequestId == requestId)));

    /// <summary>
    /// A row's stored values (text as stored, on SQLite the time's text), keyed by column, without its
    /// own Id and RequestId; the hand-off worker's columns are left out (it may fan an event out meanwhile).
    /// </summary>
    private static Task<Dictionary<string, string>> StoredRowAsync(ReOptInFactory app, string table, long requestId) =>
        ContactFixture.ReadAsync(app, async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" WHERE \"RequestId\" = {requestId.ToString(CultureInfo.InvariantCulture)}";
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), $"No {table} row for request {requestId}");
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var name = reader.GetName(i);
                if (name is "Id" or "RequestId" or "FannedOutAt" or "CompletedAt") continue;
                var value = reader.GetValue(i);
                row[name] = value switch
                {
                    DBNull => "NULL",
                    DateTime t => t.Kind + " " + t.ToString("O", CultureInfo.InvariantCulture),
                    _ => value.GetType().Name + " " + Convert.ToString(value, CultureInfo.InvariantCulture),
                };
            }
            return row;
        });
}
