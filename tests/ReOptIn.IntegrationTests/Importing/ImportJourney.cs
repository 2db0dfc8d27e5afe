using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Importing;

/// <summary>Real-world exports imported through the API, end to end, on each database.</summary>
public abstract class ImportJourney : IAsyncLifetime
{
    static ImportJourney() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    protected ReOptInFactory App { get; private set; } = null!;

    protected ApiClient Api { get; private set; } = null!;

    protected abstract Task<ReOptInFactory> CreateAppAsync();

    public async Task InitializeAsync()
    {
        App = await CreateAppAsync();
        Api = ApiClient.Open(App);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await App.DisposeAsync();
    }

    [Fact]
    public async Task A_windows_1252_semicolon_file_with_french_headers_imports_with_its_accents()
    {
        var csv = "Courriel;Prénom;Nom;Pays\r\n" +
                  "jose.garcia@example.com;José;García;France\r\n" +
                  "francoise@example.fr;Françoise;Lefèvre;France\r\n" +
                  "pas-une-adresse;Éric;Noël;France\r\n" +
                  "JOSE.GARCIA@example.com ;José;García;France\r\n";
        var list = await Api.CreateListAsync();
        var result = await Api.ImportAsync(list, Encoding.GetEncoding(1252).GetBytes(csv), "export.csv");

        Assert.Equal("completed", result.GetProperty("status").GetString());
        Assert.Equal((4, 2, 2, 1), (result.GetProperty("rowsRead").GetInt32(), result.GetProperty("accepted").GetInt32(),
            result.GetProperty("rejected").GetInt32(), result.GetProperty("duplicates").GetInt32()));
        var detected = result.GetProperty("detected");
        Assert.Equal(("windows-1252", ";", true), (detected.GetProperty("encoding").GetString(), detected.GetProperty("delimiter").GetString(), detected.GetProperty("hasHeader").GetBoolean()));
        Assert.Equal("email", detected.GetProperty("mapping").GetProperty("Courriel").GetString());
        var reasons = result.GetProperty("rejectedByReason");
        Assert.Equal(1, reasons.GetProperty("duplicate-in-file").GetInt32());

        var contacts = (await Api.ContactsAsync(list)).GetProperty("items").EnumerateArray().ToList();
        var names = contacts.Select(c => (c.GetProperty("email").GetString(), c.GetProperty("firstName").GetString(), c.GetProperty("lastName").GetString())).OrderBy(x => x.Item1).ToList();
        Assert.Equal([("francoise@example.fr", "Françoise", "Lefèvre"), ("jose.garcia@example.com", "José", "García")], names);
    }

    [Fact]
    public async Task A_utf16_tab_file_imports()
    {
        var text = "E-mail Address\tFirst Name\tLast Name\n" +
                   "anne@exämple.org\tAnne\tÅström\n" +
                   "li.wei@example.cn\t伟\t李\n";
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray();
        var list = await Api.CreateListAsync();
        var result = await Api.ImportAsync(list, bytes, "outlook.txt");

        Assert.Equal(("completed", 2), (result.GetProperty("status").GetString(), result.GetProperty("accepted").GetInt32()));
        Assert.Equal(("utf-16le", "\t"), (result.GetProperty("detected").GetProperty("encoding").GetString(), result.GetProperty("detected").GetProperty("delimiter").GetString()));
        var items = (await Api.ContactsAsync(list)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Åström", "李"], items.Select(c => c.GetProperty("lastName").GetString()).Order().ToList());
        // The internationalised domain is sent in ASCII and shown in Unicode.
        var anne = items.Single(c => c.GetProperty("firstName").GetString() == "Anne");
        Assert.Equal(("anne@xn--exmple-cua.org", "anne@exämple.org"), (anne.GetProperty("email").GetString(), anne.GetProperty("displayEmail").GetString()));
    }

    [Fact]
    public async Task The_same_person_in_two_lists_is_one_contact_with_two_memberships()
    {
        var a = await Api.CreateListAsync("Shop");
        var b = await Api.CreateListAsync("Events");
        await Api.ImportAsync(a, Encoding.UTF8.GetBytes("email,first name\njane@example.com,Jane\nbob@example.com,Bob\n"), "a.csv");
        var second = await Api.ImportAsync(b, Encoding.UTF8.GetBytes("email\n Jane@EXAMPLE.com\n"), "b.csv");
        Assert.Equal(1, second.GetProperty("accepted").GetInt32());

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        Assert.Equal(2, await db.Contacts.CountAsync());
        var jane = await db.Contacts.Include(c => c.Memberships).SingleAsync(c => c.NormalizedEmail == "jane@example.com");
        Assert.Equal(new[] { a, b }, jane.Memberships.Select(m => m.ListId).Order());
        Assert.Equal("Jane", jane.FirstName); // the first list's data is kept
    }

    [Fact]
    public async Task Addresses_already_asked_or_suppressed_are_rejected_with_the_date()
    {
        var hasher = App.Service<AddressHasher>();
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            db.AskedRegistry.Add(new AskedAddress(hasher.TryHash("asked@example.com")!, null, new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc)));
            db.Suppressions.Add(new Suppression(hasher.TryHash("gone@example.com")!, SuppressionReason.HardBounce, new DateTime(2026, 4, 5, 0, 0, 0, DateTimeKind.Utc)));
            await db.SaveChangesAsync();
        }
        var list = await Api.CreateListAsync();
        var result = await Api.ImportAsync(list, Encoding.UTF8.GetBytes("email\nASKED@example.com\ngone@example.com\nnew@example.com\n"), "c.csv");

        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        Assert.Equal(1, result.GetProperty("rejectedByReason").GetProperty("already-asked").GetInt32());
        Assert.Equal(1, result.GetProperty("rejectedByReason").GetProperty("suppressed").GetInt32());
        var rejects = await Api.Http.GetStringAsync($"/api/v1/imports/{result.GetProperty("id").GetInt64()}/rejects");
        Assert.Contains("already asked on 2026-03-02", rejects, StringComparison.Ordinal);
        Assert.Contains("hard bounce on 2026-04-05", rejects, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UK_and_Canadian_contacts_are_excluded_until_a_lawful_basis_is_recorded()
    {
        var list = await Api.CreateListAsync();
        await Api.ImportAsync(list, Encoding.UTF8.GetBytes("email,country\nann@example.co.uk,\nbob@example.com,Canada\ncleo@example.com,France\n"), "d.csv");
        var status = await StatusesAsync(list);
        Assert.Equal("excluded", status["ann@example.co.uk"]);
        Assert.Equal("excluded", status["bob@example.com"]);
        Assert.Equal("eligible", status["cleo@example.com"]);

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            var entity = await db.Lists.SingleAsync(l => l.Id == list);
            entity.LawfulBasis = "Existing customers who bought in the last two years (PECR soft opt-in).";
            await db.SaveChangesAsync();
        }
        Assert.All((await StatusesAsync(list)).Values, s => Assert.Equal("eligible", s));
    }

    [Fact]
    public async Task Rejected_rows_download_as_csv_that_a_spreadsheet_cannot_run()
    {
        var list = await Api.CreateListAsync();
        var result = await Api.ImportAsync(list, Encoding.UTF8.GetBytes("email,note\n=HYPERLINK(\"http://x.invalid\"),=1+2\n@SUM(A1),+cmd\n"), "e.csv");
        Assert.Equal(2, result.GetProperty("rejected").GetInt32());
        var response = await Api.Http.GetAsync($"/api/v1/imports/{result.GetProperty("id").GetInt64()}/rejects");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = CsvText.Parse((await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
        Assert.Equal(3, rows.Count);
        Assert.Equal(["line", "reason", "explanation", "detail", "original row"], rows[0]);
        foreach (var cell in rows.Skip(1).SelectMany(r => r))
            Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0], StringComparison.Ordinal), $"A cell starts like a formula: {cell}");
        Assert.Contains(rows.Skip(1), r => r[4].Contains("=HYPERLINK", StringComparison.Ordinal)); // the original row is still there to read
    }

    private async Task<Dictionary<string, string>> StatusesAsync(int list) =>
        (await Api.ContactsAsync(list)).GetProperty("items").EnumerateArray()
            .ToDictionary(c => c.GetProperty("email").GetString()!, c => c.GetProperty("status").GetString()!);
}

public sealed class ImportJourneyOnSqlite : ImportJourney
{
    protected override Task<ReOptInFactory> CreateAppAsync() => Task.FromResult(ReOptInFactory.Sqlite(ApiClient.BootstrapSettings));
}

public sealed class ImportJourneyOnPostgreSql : ImportJourney
{
    protected override Task<ReOptInFactory> CreateAppAsync() => ReOptInFactory.PostgreSqlAsync(ApiClient.BootstrapSettings);
}
