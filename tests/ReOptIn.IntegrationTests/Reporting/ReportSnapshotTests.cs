using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;
using ReOptIn.Core.Erasing;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Reporting;

/// <summary>
/// A large campaign's report is read from its snapshot (ADR-0017). <c>Reporting:LiveBelow=1</c> makes
/// the seeded 24-request campaign "large", so what a million requests would do runs here on a few rows.
/// </summary>
public sealed class ReportSnapshotTests
{
    private static Dictionary<string, string?> Settings(string refreshAfter) => new(ApiClient.BootstrapSettings)
    {
        ["Erasure:Enabled"] = "false",
        ["Reporting:LiveBelow"] = "1",
        ["Reporting:RefreshAfter"] = refreshAfter,
    };

    private static int Outcome(JsonElement report, string key) =>
        report.GetProperty("outcomes").EnumerateArray().Single(f => f.GetProperty("key").GetString() == key).GetProperty("count").GetInt32();

    [Fact]
    public async Task A_fresh_snapshot_is_shown_as_it_was_built_and_a_status_change_rebuilds_it_at_once()
    {
        var app = ReOptInFactory.Sqlite(Settings("01:00:00"));
        await using var _ = app;
        var id = await ReportFunnelTests.SeedAsync(app);
        using var api = ApiClient.Open(app);

        var first = await api.Http.GetStringAsync($"/api/v1/campaigns/{id}/report");
        var built = await SnapshotAsync(app, id);
        Assert.NotNull(built);
        Assert.Equal(8, Outcome(JsonDocument.Parse(first).RootElement, "noAnswer"));

        // Someone declines after the snapshot: within the hour the snapshot is what is shown, with its time.
        await DeclineOneUnansweredAsync(app, id);
        var second = await api.Http.GetStringAsync($"/api/v1/campaigns/{id}/report");
        Assert.Equal(first, second);
        Assert.Equal(built.Value, JsonDocument.Parse(second).RootElement.GetProperty("asOf").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));

        // Closing the campaign moves its status: the next view builds a new report instead of showing "Sending".
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            Assert.NotNull(await CampaignErasure.CloseAsync(db, id, ErasureRule.EarlyClose, ErasureActor.System, DateTime.UtcNow, CancellationToken.None));
        }
        var closed = await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}/report");
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
        Assert.Equal(3, Outcome(closed, "declined"));
        Assert.True(await SnapshotAsync(app, id) > built, "the rebuilt report replaces the stored snapshot");
    }

    [Fact]
    public async Task A_snapshot_past_its_age_is_shown_marked_while_a_newer_one_is_built_in_the_background()
    {
        var app = ReOptInFactory.Sqlite(Settings("00:00:00.200"));
        await using var _ = app;
        var id = await ReportFunnelTests.SeedAsync(app);
        using var api = ApiClient.Open(app);
        using var admin = Browser.Open(app);
        await admin.SignInAsync(ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!, ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!);

        Assert.Contains("Figures as of", await admin.GetPageAsync($"/Campaigns/{id}/Report"));
        Assert.NotNull(await SnapshotAsync(app, id));
        await DeclineOneUnansweredAsync(app, id);
        await Task.Delay(300);

        // The old figures, said to be old; then, without anyone rebuilding by hand, the new ones.
        var page = await admin.GetPageAsync($"/Campaigns/{id}/Report");
        Assert.Contains("A newer report is being prepared", page);
        var declined = 0;
        for (var attempt = 0; attempt < 100 && declined != 3; attempt++)
        {
            await Task.Delay(100);
            declined = Outcome(await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}/report"), "declined");
        }
        Assert.Equal(3, declined);
    }

    private static async Task<DateTime?> SnapshotAsync(ReOptInFactory app, int campaignId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        return await db.ReportSnapshots.Where(s => s.CampaignId == campaignId).Select(s => (DateTime?)s.BuiltAt).SingleOrDefaultAsync();
    }

    private static async Task DeclineOneUnansweredAsync(ReOptInFactory app, int campaignId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var request = await db.Requests.FirstAsync(r => r.CampaignId == campaignId && r.State == RequestState.Sent);
        request.MoveTo(RequestState.Declined, DateTime.UtcNow);
        await db.SaveChangesAsync();
    }
}
