using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Importing;
using ReOptIn.IntegrationTests.Confirming;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Proof;

/// <summary>
/// An upload over the limit through the page (a little over: refused by the import; far over: refused
/// before it is read) gets a clear message and leaves nothing behind; guessing link tokens is cut off by
/// the rate limit.
/// </summary>
public sealed class UploadAndTokenDrillTests
{
    private const int Limit = 64 << 10;

    [Theory]
    [InlineData(200 << 10)]      // within the multipart envelope the middleware allows: the import refuses it
    [InlineData(3 << 20)]        // beyond it: refused before a byte is read
    public async Task An_oversized_upload_through_the_page_is_explained_and_nothing_is_imported(int size)
    {
        await using var app = ReOptInFactory.Sqlite(new Dictionary<string, string?> { ["Imports:MaxUploadBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var admin = Browser.Open(app);
        await admin.SetUpAdminAsync();
        var created = await admin.SubmitAsync("/Lists/Create", new Dictionary<string, string> { ["Input.Name"] = "Big", ["Input.Source"] = "Our shop" });
        var listUrl = created.Headers.Location!.OriginalString;

        var rows = new StringBuilder("email\n");
        for (var i = 0; rows.Length < size; i++) rows.Append(CultureInfoInvariant($"person{i}@example.com\n"));
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(rows.ToString()));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent { { new StringContent(Browser.TokenIn(await admin.GetPageAsync(listUrl))), "__RequestVerificationToken" }, { file, "file", "big.csv" } };
        var response = await admin.Http.PostAsync(listUrl + "/Upload", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("64 KiB", page, StringComparison.Ordinal); // the limit, named
        Assert.Contains(".zip or .gz", page, StringComparison.Ordinal);
        Assert.Equal(0, await ContactFixture.ReadAsync(app, db => db.ImportJobs.CountAsync()));
        Assert.Equal(0, await ContactFixture.ReadAsync(app, db => db.Contacts.CountAsync()));
        Assert.Empty(Directory.Exists(app.Service<ImportOptions>().Folder) ? Directory.GetFiles(app.Service<ImportOptions>().Folder, "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task Guessing_link_tokens_is_cut_off_with_429()
    {
        await using var app = ReOptInFactory.Sqlite(ContactFixture.Settings(permitPerMinute: 5));
        var sent = await ContactFixture.SendAsync(app);
        using var guesser = app.CreateClient();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
            answers.Add((await guesser.GetAsync("/c/" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('='))).StatusCode);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, 5), answers.Take(5));
        Assert.All(answers.Skip(5), a => Assert.Equal(HttpStatusCode.TooManyRequests, a));
        // Once cut off, even the right token waits: the guesser learns nothing more this minute.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync(sent.ConfirmUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.PostAsync(sent.DeclineUrl, new FormUrlEncodedContent([]))).StatusCode);
    }

    private static string CultureInfoInvariant(FormattableString s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
