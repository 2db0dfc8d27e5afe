using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Drills;

/// <summary>
/// A full disk while uploading (issue #10): the upload folder, and then also ASP.NET's buffer folder,
/// on a 1 MiB tmpfs that a 3 MB list overflows. The marketer reads why; nothing is half-imported, no
/// partial file is left, and the next upload that fits works.
/// </summary>
public sealed class FullDiskDrillTests
{
    private static readonly string AdminEmail = ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!;
    private static readonly string AdminPassword = ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!;

    private static byte[] Csv(int rows)
    {
        var text = new StringBuilder("email,first name,last name,note\n");
        for (var i = 0; i < rows; i++) text.Append("person").Append(i).Append("@example.org,Ada,Lovelace,bought a teapot in 2019\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [TmpfsFact]
    public async Task An_upload_that_fills_the_upload_folder_is_refused_with_the_reason_and_leaves_nothing()
    {
        var uploads = Directory.CreateTempSubdirectory("reoptin-full-").FullName;
        using var disk = TmpfsMount.Mount(uploads, 1024);
        var app = ReOptInFactory.Sqlite(new Dictionary<string, string?>(ApiClient.BootstrapSettings) { ["Imports:Folder"] = uploads });
        await using var _ = app;
        using var api = ApiClient.Open(app);
        var listId = await api.CreateListAsync();
        var big = Csv(60_000);
        Assert.True(big.Length > 3_000_000);

        var response = await api.UploadAsync(listId, big, "customers.csv");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        Assert.Equal("storage-full", problem.GetProperty("code").GetString());
        Assert.Contains("disk is full", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Nothing was imported", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The same file through the upload form: the page says it, with no 500.
        using var browser = Browser.Open(app);
        await browser.SignInAsync(AdminEmail, AdminPassword);
        var page = await PostFileAsync(browser, listId, big);
        Assert.Equal(HttpStatusCode.InsufficientStorage, page.StatusCode);
        Assert.Contains("disk is full", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        await AssertNothingImportedAsync(app, uploads);
        // The partial files are gone, so a list that fits goes through.
        var done = await api.ImportAsync(listId, Csv(50), "small.csv");
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(50, (await api.ContactsAsync(listId)).GetProperty("total").GetInt32());
    }

    [TmpfsFact]
    public async Task When_the_disk_is_full_before_the_app_sees_the_file_the_page_and_the_API_still_say_why()
    {
        // ASP.NET buffers a large multipart body to ASPNETCORE_TEMP before any app code runs: put it on the full disk too.
        var full = Directory.CreateTempSubdirectory("reoptin-full-").FullName;
        using var disk = TmpfsMount.Mount(full, 1024);
        Directory.CreateDirectory(Path.Combine(full, "uploads"));
        var app = ReOptInFactory.Sqlite(new Dictionary<string, string?>(ApiClient.BootstrapSettings)
        {
            ["Imports:Folder"] = Path.Combine(full, "uploads"),
            ["ASPNETCORE_TEMP"] = full,
        });
        await using var _ = app;
        await using var process = AppProcess.Start(app.Settings);
        await process.WaitUntilHealthyAsync();
        using var api = new ApiClient(process.CreateClient(ApiClient.Key));
        var listId = await api.CreateListAsync();
        var big = Csv(60_000);

        var response = await api.UploadAsync(listId, big, "customers.csv");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.InsufficientStorage, $"{(int)response.StatusCode}: {body}\n{process.Output}");
        Assert.Equal("storage-full", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());

        using var browser = new Browser(process.CreateClient());
        await browser.SignInAsync(AdminEmail, AdminPassword);
        var page = await PostFileAsync(browser, listId, big);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var back = await browser.GetPageAsync(page.Headers.Location!.OriginalString);
        Assert.Contains("disk is full", WebUtility.HtmlDecode(back), StringComparison.Ordinal);

        process.Kill();
        await AssertNothingImportedAsync(app, Path.Combine(full, "uploads"));
        Assert.DoesNotContain("Unhandled exception", process.Output, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<HttpResponseMessage> PostFileAsync(Browser browser, int listId, byte[] content)
    {
        var form = await browser.GetPageAsync($"/Lists/{listId}");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var multipart = new MultipartFormDataContent { { new StringContent(Browser.TokenIn(form)), "__RequestVerificationToken" }, { file, "file", "customers.csv" } };
        return await browser.Http.PostAsync($"/Lists/{listId}/Upload", multipart);
    }

    private static async Task AssertNothingImportedAsync(ReOptInFactory app, string uploads)
    {
        var options = new DbContextOptionsBuilder<ReOptInDb>();
        options.UseReOptInDatabase(new DatabaseOptions { ConnectionString = $"Data Source={app.SqliteFile}" });
        await using var db = new ReOptInDb(options.Options);
        Assert.Equal(0, await db.ImportJobs.CountAsync());
        Assert.Equal(0, await db.Contacts.CountAsync());
        Assert.Empty(Directory.GetFiles(uploads));
    }
}
