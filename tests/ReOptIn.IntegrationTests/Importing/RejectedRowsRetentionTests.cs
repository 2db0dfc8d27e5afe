using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Importing;

/// <summary>
/// The rejected rows of an import (raw lines with addresses and names) are deleted once the retention period after
/// the import is over; the import keeps its counts, and the page and the API say when and why the rows are gone.
/// </summary>
public sealed class RejectedRowsRetentionTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Rejected_rows_are_deleted_after_the_retention_period_and_the_import_says_so(string provider)
    {
        await using var app = provider == "sqlite" ? ReOptInFactory.Sqlite(ApiClient.BootstrapSettings) : await ReOptInFactory.PostgreSqlAsync(ApiClient.BootstrapSettings);
        using var api = ApiClient.Open(app);
        var list = await api.CreateListAsync();
        var result = await api.ImportAsync(list, Encoding.UTF8.GetBytes("email,name\nana@example.com,Ana\nnot-an-address,Bo\nana@example.com,Ana again\n"), "list.csv");
        var jobId = result.GetProperty("id").GetInt64();
        Assert.Equal(2, result.GetProperty("rejected").GetInt32());
        Assert.Contains("not-an-address", await api.Http.GetStringAsync($"/api/v1/imports/{jobId}/rejects"), StringComparison.Ordinal);
        var finishedAt = result.GetProperty("finishedAt").GetDateTime();

        Assert.Equal(0, await RetainAsync(app, finishedAt.AddDays(29)));
        Assert.Equal(2, await RejectsOf(app, jobId));

        Assert.Equal(1, await RetainAsync(app, finishedAt.AddDays(30).AddMinutes(1)));
        Assert.Equal(0, await RejectsOf(app, jobId));
        Assert.Equal(0, await RetainAsync(app, finishedAt.AddDays(31))); // nothing is deleted twice

        var gone = await api.Http.GetAsync($"/api/v1/imports/{jobId}/rejects");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        var problem = await gone.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains($"deleted on {finishedAt.AddDays(30).AddMinutes(1):yyyy-MM-dd}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/imports/{jobId}");
        Assert.Equal(2, after.GetProperty("rejected").GetInt32());
        Assert.Equal(JsonValueKind.String, after.GetProperty("rejectedRowsDeletedAt").ValueKind);

        using var browser = Browser.Open(app);
        await browser.SignInAsync(ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!, ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!);
        var page = await browser.GetPageAsync($"/Imports/{jobId}");
        Assert.Contains("The rejected rows were deleted on", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Download the rejected rows", page, StringComparison.Ordinal);
        var download = await browser.GetAsync($"/Imports/{jobId}/Rejects");
        Assert.Equal(HttpStatusCode.Redirect, download.StatusCode);
        Assert.Equal($"/Imports/{jobId}", download.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Zero_days_keeps_the_rejected_rows()
    {
        await using var app = ReOptInFactory.Sqlite(ApiClient.BootstrapSettings);
        using var api = ApiClient.Open(app);
        var result = await api.ImportAsync(await api.CreateListAsync(), Encoding.UTF8.GetBytes("email\nnot-an-address\n"), "list.csv");

        Assert.Equal(0, await RetainAsync(app, DateTime.UtcNow.AddYears(5), keepDays: 0));
        Assert.Equal(1, await RejectsOf(app, result.GetProperty("id").GetInt64()));
    }

    private static async Task<int> RetainAsync(ReOptInFactory app, DateTime now, int keepDays = 30)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await RejectedRowsRetention.RunAsync(scope.ServiceProvider.GetRequiredService<ReOptInDb>(), now, keepDays, CancellationToken.None);
    }

    private static async Task<int> RejectsOf(ReOptInFactory app, long jobId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReOptInDb>().ImportRejects.CountAsync(r => r.JobId == jobId);
    }
}
