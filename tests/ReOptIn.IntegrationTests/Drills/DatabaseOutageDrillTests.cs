using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using ReOptIn.IntegrationTests.Dispatch;
using ReOptIn.IntegrationTests.Support;
using Xunit.Abstractions;

namespace ReOptIn.IntegrationTests.Drills;

/// <summary>
/// The database unreachable for 10 seconds (issue #10), in the middle of a send and of an import, on a
/// real PostgreSQL reached through a <see cref="TcpProxy"/> that resets every connection: the app says
/// it is unhealthy meanwhile, then finishes both without losing or doubling anything: outcomes the relay gave while their write failed are
/// kept in memory and written when the database is back (within half of <c>Sending:Lease</c>).
/// </summary>
public sealed class DatabaseOutageDrillTests(ITestOutputHelper output)
{
    private const int Contacts = 400;
    // Large enough that the import (about 40,000 rows/s on PostgreSQL) is still running when the cut comes.
    private const int ImportRows = 200_000;

    [Fact(Timeout = 420_000)]
    public async Task Ten_seconds_without_the_database_lose_no_send_and_no_import()
    {
        var direct = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync());
        await using var proxy = TcpProxy.Start(direct.Host!, direct.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 };
        await using var relay = ScriptedSmtpServer.Start(new ScriptedSmtpOptions { OnMail = () => Task.Delay(20) });
        var app = ReOptInFactory.PostgreSql(viaProxy.ConnectionString, DispatchFixture.Settings(new Dictionary<string, string?>
        {
            ["Sending:Lease"] = "00:01:00",
            ["Imports:BatchSize"] = "2000",
            ["Imports:Lease"] = "00:00:05",
            ["Imports:PollInterval"] = "00:00:00.500",
        }));
        await using var f = await DispatchFixture.StartAsync(app: app);

        // Signed in before the work starts, so that the cut follows the moment both are under way.
        using var admin = Browser.Open(app);
        await admin.SignInAsync(ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!, ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!);

        var senderId = await f.CreateSenderAsync(host: relay.Host, port: relay.Port, connections: 2);
        var listId = await f.ImportListAsync(Enumerable.Range(0, Contacts).Select(i => $"c{i}@mail{i % 7}.example.org"));
        var campaignId = await f.ApprovedCampaignAsync(senderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{campaignId}/launch");
        var bigList = await f.Api.CreateListAsync("Old shop list");
        var csv = new StringBuilder("email\n");
        for (var i = 0; i < ImportRows; i++) csv.Append("old").Append(i).Append("@shop.example.net\n");
        var upload = await f.Api.UploadAsync(bigList, Encoding.UTF8.GetBytes(csv.ToString()), "old.csv");
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var importId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        // Mid-send (a tenth of the messages out) and mid-import.
        var until = DateTime.UtcNow.AddSeconds(90);
        while (relay.Messages.Count(m => m.Accepted) < Contacts / 10
            || (await f.Api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/imports/{importId}")).GetProperty("status").GetString() != "running")
        {
            Assert.True(DateTime.UtcNow < until, "Sending or the import did not start.");
            await Task.Delay(50);
        }

        Assert.Contains("Campaigns", await admin.GetPageAsync("/Campaigns"), StringComparison.Ordinal);

        proxy.Cut();
        // A page needs the database: it says so, with 503, instead of a bare 500.
        var page = await admin.GetAsync("/Campaigns");
        var pageText = await page.Content.ReadAsStringAsync();
        var sentAtCut = relay.Messages.Count(m => m.Accepted);
        var cutAt = DateTime.UtcNow;
        HttpStatusCode? health = null;
        while (DateTime.UtcNow - cutAt < TimeSpan.FromSeconds(10))
        {
            try
            {
                health = (await f.Api.Http.GetAsync("/health")).StatusCode;
            }
            catch (TaskCanceledException)
            {
            }
            if (health == HttpStatusCode.ServiceUnavailable) break;
        }
        await Task.Delay(cutAt.AddSeconds(10) - DateTime.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero);
        var sentDuringCut = relay.Messages.Count(m => m.Accepted) - sentAtCut;
        proxy.Restore();

        var campaign = await f.WaitForStatusAsync(campaignId, "Sent", TimeSpan.FromMinutes(3));
        var import = await f.Api.WaitAsync(importId, TimeSpan.FromMinutes(3));
        output.WriteLine($"health during the outage: {health}; {sentAtCut} sent before it, {sentDuringCut} during it; after: {campaign.GetProperty("progress")}; import {import}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("cannot reach its database", pageText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Campaigns")).StatusCode);
        // The send: one message per address at most, every request settled, what is Sent was accepted once.
        var complete = relay.Messages.Where(m => m.Complete).SelectMany(m => m.Recipients).ToList();
        Assert.Empty(complete.GroupBy(a => a).Where(g => g.Count() > 1).Select(g => g.Key));
        var (sent, inDoubt) = (DispatchFixture.State(campaign, "sent"), DispatchFixture.State(campaign, "indoubt"));
        Assert.Equal(Contacts, sent + inDoubt);
        // What went out while the outcome could not be written was kept and recorded once the database was back.
        Assert.Equal(relay.Messages.Count(m => m.Accepted), sent);
        // The import: complete, every row once.
        Assert.Equal("completed", import.GetProperty("status").GetString());
        Assert.Equal(ImportRows, import.GetProperty("accepted").GetInt64());
        Assert.Equal(ImportRows, (await f.Api.ContactsAsync(bigList, take: 1)).GetProperty("total").GetInt32());
    }
}
