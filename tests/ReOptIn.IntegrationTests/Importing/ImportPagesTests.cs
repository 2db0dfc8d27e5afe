using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Importing;

/// <summary>A marketer's import in the browser: create a list, upload, review the columns, import, see the result.</summary>
public sealed partial class ImportPagesTests : IAsyncLifetime
{
    private ReOptInFactory _app = null!;
    private Browser _browser = null!;

    static ImportPagesTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public async Task InitializeAsync()
    {
        _app = ReOptInFactory.Sqlite();
        _browser = Browser.Open(_app);
        await _browser.SetUpAdminAsync();
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_marketer_uploads_reviews_and_imports_a_list()
    {
        var listId = await CreateListAsync();
        var csv = "Adresse e-mail;Prénom;Nom;Ville\r\nclaire@example.fr;Claire;Dubois;Lyon\r\nmarc@example.fr;Marc;Petit;Nantes\r\ninvalide;X;Y;Z\r\n";
        var review = await UploadAsync(listId, Encoding.GetEncoding(1252).GetBytes(csv), "clients.csv");
        Assert.Equal(HttpStatusCode.Redirect, review.StatusCode);
        var reviewUrl = review.Headers.Location!.OriginalString;

        var page = await _browser.GetPageAsync(reviewUrl);
        Assert.Contains("windows-1252", page, StringComparison.Ordinal);
        Assert.Contains("Prénom", page, StringComparison.Ordinal);
        Assert.Contains("claire@example.fr", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Email\" selected=\"selected\">", page, StringComparison.Ordinal);

        // Keep the automatic mapping but leave the city out.
        var fields = SelectedFields(page);
        fields[3] = "Ignore";
        var start = await PostFormAsync(reviewUrl, "Start", fields.Select(f => new KeyValuePair<string, string>("fields", f)).ToList());
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var detailsUrl = start.Headers.Location!.OriginalString;

        var details = await WaitForAsync(detailsUrl, "Done:");
        Assert.Contains("2 contacts added or kept from 3 rows", details, StringComparison.Ordinal);
        Assert.Contains("Download the rejected rows", details, StringComparison.Ordinal);

        var list = await _browser.GetPageAsync($"/Lists/{listId}");
        Assert.Contains("claire@example.fr", list, StringComparison.Ordinal);
        Assert.Contains("Dubois", list, StringComparison.Ordinal);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        Assert.DoesNotContain("Lyon", await db.Contacts.Select(c => c.CustomAttributesJson ?? "").FirstAsync(), StringComparison.Ordinal);
        Assert.NotNull((await db.Lists.SingleAsync(l => l.Id == listId)).MappingJson); // remembered for the next upload
    }

    [Fact]
    public async Task A_utf16_tab_export_from_thunderbird_imports_through_the_page()
    {
        var listId = await CreateListAsync();
        var text = "First Name\tLast Name\tDisplay Name\tPrimary Email\r\nÅsa\tLindqvist\tÅsa L.\tasa@example.se\r\n";
        var review = await UploadAsync(listId, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)], "thunderbird.csv");
        var reviewUrl = review.Headers.Location!.OriginalString;
        var page = await _browser.GetPageAsync(reviewUrl);
        Assert.Contains("<option value=\"utf-16le\" selected=\"selected\">", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"tab\" selected=\"selected\">", page, StringComparison.Ordinal);
        var start = await PostFormAsync(reviewUrl, "Start", SelectedFields(page).Select(f => new KeyValuePair<string, string>("fields", f)).ToList());
        await WaitForAsync(start.Headers.Location!.OriginalString, "Done:");
        var list = await _browser.GetPageAsync($"/Lists/{listId}");
        Assert.Contains("asa@example.se", list, StringComparison.Ordinal);
        Assert.Contains("Lindqvist", list, StringComparison.Ordinal);
        Assert.Contains("Åsa", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_file_is_explained_on_the_page_and_nothing_is_kept()
    {
        var listId = await CreateListAsync();
        var response = await UploadAsync(listId, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0], "photo.csv");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Nothing was imported", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = _app.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<ReOptInDb>().ImportJobs.CountAsync());
        Assert.Empty(Directory.GetFiles(_app.Service<ImportOptions>().Folder));
    }

    [Fact]
    public async Task An_upload_whose_file_another_instance_keeps_says_so_and_can_be_discarded()
    {
        var listId = await CreateListAsync();
        var review = await UploadAsync(listId, Encoding.UTF8.GetBytes("email\r\nanna@example.com\r\n"), "clients.csv");
        var reviewUrl = review.Headers.Location!.OriginalString;
        var id = long.Parse(ImportIdPattern().Match(reviewUrl).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        // Stored where this instance cannot delete it (another instance's folder, not mounted here).
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ReOptInDb>().ImportJobs.Where(j => j.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.StoredPath, "/srv/other-instance/uploads/clients.csv"));

        Assert.Contains("The uploaded file is not on this server", await _browser.GetPageAsync(reviewUrl), StringComparison.Ordinal);
        var discard = await PostFormAsync(reviewUrl, "Discard", []);

        Assert.Equal(HttpStatusCode.Redirect, discard.StatusCode);
        await using (var scope = _app.Services.CreateAsyncScope())
            Assert.Equal(ImportStatus.Cancelled, (await scope.ServiceProvider.GetRequiredService<ReOptInDb>().ImportJobs.SingleAsync(j => j.Id == id)).Status);
    }

    [GeneratedRegex(@"(\d+)\D*$")]
    private static partial Regex ImportIdPattern();

    [Fact]
    public async Task A_pasted_list_imports_like_a_file()
    {
        var listId = await CreateListAsync();
        var page = await _browser.GetPageAsync($"/Lists/{listId}");
        var form = new MultipartFormDataContent
        {
            { new StringContent(Browser.TokenIn(page)), "__RequestVerificationToken" },
            { new StringContent("email,name\nzoe@example.com,Zoé Martin\n"), "pasted" },
        };
        var review = await _browser.Http.PostAsync($"/Lists/{listId}/Upload", form);
        Assert.Equal(HttpStatusCode.Redirect, review.StatusCode);
        var reviewPage = await _browser.GetPageAsync(review.Headers.Location!.OriginalString);
        var start = await PostFormAsync(review.Headers.Location!.OriginalString, "Start",
            SelectedFields(reviewPage).Select(f => new KeyValuePair<string, string>("fields", f)).ToList());
        await WaitForAsync(start.Headers.Location!.OriginalString, "Done:");
        var list = await _browser.GetPageAsync($"/Lists/{listId}");
        Assert.Contains("zoe@example.com", list, StringComparison.Ordinal);
        Assert.Contains("Zoé", list, StringComparison.Ordinal);
        Assert.Contains("Martin", list, StringComparison.Ordinal);
    }

    private async Task<int> CreateListAsync()
    {
        var created = await _browser.SubmitAsync("/Lists/Create", new Dictionary<string, string>
        {
            ["Input.Name"] = "Clients 2019",
            ["Input.Source"] = "Vous avez acheté dans notre boutique en 2019.",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return int.Parse(created.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<HttpResponseMessage> UploadAsync(int listId, byte[] content, string fileName)
    {
        var page = await _browser.GetPageAsync($"/Lists/{listId}");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent { { new StringContent(Browser.TokenIn(page)), "__RequestVerificationToken" }, { file, "file", fileName } };
        return await _browser.Http.PostAsync($"/Lists/{listId}/Upload", form);
    }

    private async Task<HttpResponseMessage> PostFormAsync(string url, string handler, List<KeyValuePair<string, string>> fields)
    {
        var page = await _browser.GetPageAsync(url);
        fields.Add(new("__RequestVerificationToken", Browser.TokenIn(page)));
        return await _browser.Http.PostAsync($"{url}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    private async Task<string> WaitForAsync(string url, string text)
    {
        for (var i = 0; i < 300; i++)
        {
            var page = await _browser.GetPageAsync(url);
            if (page.Contains(text, StringComparison.Ordinal)) return page;
            Assert.DoesNotContain("The import failed", page, StringComparison.Ordinal);
            await Task.Delay(100);
        }
        throw new TimeoutException($"{url} never showed “{text}”.");
    }

    private static List<string> SelectedFields(string page) =>
        FieldSelect().Matches(page).Select(m => SelectedOption().Match(m.Value).Groups[1].Value).ToList();

    [GeneratedRegex("<select id=\"field-\\d+\".*?</select>", RegexOptions.Singleline)]
    private static partial Regex FieldSelect();

    [GeneratedRegex("<option value=\"([^\"]+)\" selected=\"selected\"")]
    private static partial Regex SelectedOption();
}
