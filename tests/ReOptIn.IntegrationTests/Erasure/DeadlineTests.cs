using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.Core.Erasing;
using ReOptIn.IntegrationTests.Dispatch;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Erasure;

/// <summary>
/// The deadline: the job closes the campaign and leaves nothing of the people who did not confirm
/// anywhere in the database, while the registry still refuses to ask them again; confirmed contacts
/// stay until the retention period after closing, and only once exported.
/// </summary>
public sealed class DeadlineTests
{
    public static readonly TheoryData<DatabaseProvider> Providers = new() { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task After_the_deadline_nothing_of_who_did_not_confirm_is_left_and_the_registry_still_blocks_them(DatabaseProvider provider)
    {
        var app = provider == DatabaseProvider.Sqlite ? ReOptInFactory.Sqlite(ErasureSeed.Settings()) : await ReOptInFactory.PostgreSqlAsync(ErasureSeed.Settings());
        await using var f = await DispatchFixture.StartAsync(app: app);
        var seed = await ErasureSeed.CampaignAsync(f);

        // Before the deadline everything is there: the search does find what it looks for.
        var before = await DatabaseSearch.FindAsync(f.App, seed.ErasedNeedles);
        foreach (var table in new[] { "Contacts.Email", "Contacts.FirstName", "Contacts.CustomAttributesJson", "RequestVisits.IpAddress", "RequestVisits.UserAgent",
                     "Bounces.DiagnosticCode", "Bounces.RawMessage", "ImportRejects.Row" })
            Assert.Contains(before, hit => hit.StartsWith(table, StringComparison.Ordinal));
        Assert.Empty(await ErasureSeed.RunJobAsync(f.App)); // the deadline has not passed: nothing happens

        await ErasureSeed.PassDeadlineAsync(f.App, seed.CampaignId);
        var erasures = await ErasureSeed.RunJobAsync(f.App);

        var erasure = Assert.Single(erasures);
        Assert.Equal(ErasureRule.Deadline, erasure.Rule);
        Assert.Equal(seed.Erased.Count, erasure.Contacts);
        Assert.Equal(seed.Erased.Count, erasure.Requests);
        var left = await DatabaseSearch.FindAsync(f.App, seed.ErasedNeedles);
        Assert.True(left.Count == 0, "Still in the database after the deadline:\n" + string.Join("\n", left));

        // The confirmed contact, the receipt and the counts stay; the others' requests are expired, declined or bounced.
        Assert.NotEmpty(await DatabaseSearch.FindAsync(f.App, [seed.Confirmer, ErasureSeed.ConfirmerIp]));
        var states = await ErasureSeed.ReadAsync(f.App, db => db.Requests.Where(r => r.CampaignId == seed.CampaignId)
            .GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        Assert.Equal(1, states[RequestState.Confirmed]);
        Assert.Equal(1, states[RequestState.Declined]);
        Assert.Equal(1, states[RequestState.Bounced]);
        Assert.Equal(seed.Silent.Count + 1, states[RequestState.Expired]); // the silent ones and the visitor
        var campaign = await f.CampaignAsync(seed.CampaignId);
        Assert.Equal("Closed", campaign.GetProperty("status").GetString());
        Assert.Equal(seed.Erased.Count + 1, await ErasureSeed.ReadAsync(f.App, db => db.AskedRegistry.CountAsync()));
        Assert.Equal(1, await ErasureSeed.ReadAsync(f.App, db => db.AuditLog.CountAsync(e => e.Action == "campaign.closed" && e.ActorName == "system")));

        // Run again: nothing more to do, no second record.
        Assert.Empty(await ErasureSeed.RunJobAsync(f.App));
        Assert.Equal(1, await ErasureSeed.ReadAsync(f.App, db => db.Erasures.CountAsync()));

        // Retention: not before the period is over, and not before an export or hand-off.
        Assert.Empty(await ErasureSeed.RunJobAsync(f.App, DateTime.UtcNow.AddDays(Campaign.DefaultConfirmedRetentionDays + 1)));
        var exportedAt = DateTime.UtcNow;
        await ErasureSeed.ReadAsync(f.App, db => db.Campaigns.Where(c => c.Id == seed.CampaignId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConfirmedExportedAt, exportedAt)));
        Assert.Empty(await ErasureSeed.RunJobAsync(f.App, DateTime.UtcNow.AddDays(Campaign.DefaultConfirmedRetentionDays - 1)));
        Assert.NotEmpty(await DatabaseSearch.FindAsync(f.App, [seed.Confirmer]));
        var retained = Assert.Single(await ErasureSeed.RunJobAsync(f.App, DateTime.UtcNow.AddDays(Campaign.DefaultConfirmedRetentionDays + 1)));
        Assert.Equal(ErasureRule.Retention, retained.Rule);
        Assert.Equal(1, retained.Contacts);
        var confirmerLeft = await DatabaseSearch.FindAsync(f.App, seed.ConfirmerNeedles);
        Assert.True(confirmerLeft.Count == 0, "Still in the database after the retention period:\n" + string.Join("\n", confirmerLeft));
        var receipt = await ErasureSeed.ReadAsync(f.App, db => db.Receipts.AsNoTracking().SingleAsync(r => r.CampaignId == seed.CampaignId));
        Assert.NotNull(receipt.ErasedAt);
        Assert.Equal("Yes, send me the monthly newsletter.", receipt.ConsentStatement); // the proof of what was agreed stays
        Assert.Equal(1, await ErasureSeed.ReadAsync(f.App, db => db.Requests.CountAsync(r => r.CampaignId == seed.CampaignId && r.State == RequestState.Confirmed)));

        // The same list uploaded again, a new campaign: nobody is asked twice.
        var sentBefore = f.Smtp.Received.Count;
        var reimport = await f.Api.ImportAsync(seed.ListId, seed.Csv, "customers-again.csv");
        Assert.Equal("completed", reimport.GetProperty("status").GetString());
        var second = await f.ApprovedCampaignAsync(seed.SenderId, seed.ListId);
        var launched = await f.PostOkAsync($"/api/v1/campaigns/{second}/launch");
        var done = await f.WaitForStatusAsync(second, "Sent");
        Assert.Equal(0, done.GetProperty("progress").GetProperty("eligible").GetInt32());
        await Task.Delay(500);
        Assert.Equal(sentBefore, f.Smtp.Received.Count);
        Assert.NotEqual(JsonValueKind.Undefined, launched.ValueKind);
    }

    [Fact]
    public async Task Two_instances_running_the_job_at_once_on_postgresql_close_and_erase_once()
    {
        var first = await ReOptInFactory.PostgreSqlAsync(ErasureSeed.Settings());
        await using var f = await DispatchFixture.StartAsync(app: first);
        await using var second = first.Twin();
        var senderId = await f.CreateSenderAsync();
        var listId = await f.ImportListAsync(Enumerable.Range(0, 300).Select(i => $"twin{i}@d{i % 7}.example.org"));
        var id = await f.ApprovedCampaignAsync(senderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{id}/launch");
        await f.WaitForStatusAsync(id, "Sent", TimeSpan.FromSeconds(120));
        await ErasureSeed.PassDeadlineAsync(first, id);

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { ErasureSeed.RunJobAsync(first), ErasureSeed.RunJobAsync(second) }));

        var erasure = Assert.Single(runs.SelectMany(r => r));
        Assert.Equal(300, erasure.Contacts);
        Assert.Equal(1, await ErasureSeed.ReadAsync(first, db => db.Erasures.CountAsync()));
        Assert.Equal(1, await ErasureSeed.ReadAsync(first, db => db.AuditLog.CountAsync(e => e.Action == "campaign.closed")));
        Assert.Equal(0, await ErasureSeed.ReadAsync(first, db => db.Contacts.CountAsync()));
        Assert.Equal(300, await ErasureSeed.ReadAsync(first, db => db.Requests.CountAsync(r => r.CampaignId == id && r.State == RequestState.Expired && r.ContactId == null)));
        Assert.Equal(300, await ErasureSeed.ReadAsync(first, db => db.AskedRegistry.CountAsync()));
    }

    [Fact]
    public async Task The_background_job_closes_a_campaign_past_its_deadline_by_itself()
    {
        await using var f = await DispatchFixture.StartAsync(settings: ErasureSeed.Settings(new Dictionary<string, string?>
        {
            ["Erasure:Enabled"] = "true",
            ["Erasure:CheckEvery"] = "00:00:00.200",
        }));
        var senderId = await f.CreateSenderAsync();
        var listId = await f.ImportListAsync(["a.person@example.org", "b.person@example.org"]);
        var id = await f.ApprovedCampaignAsync(senderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{id}/launch");
        await f.WaitForStatusAsync(id, "Sent");
        await ErasureSeed.PassDeadlineAsync(f.App, id);

        await f.WaitForStatusAsync(id, "Closed");
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await ErasureSeed.ReadAsync(f.App, db => db.Contacts.AnyAsync()) && DateTime.UtcNow < until) await Task.Delay(100);
        Assert.False(await ErasureSeed.ReadAsync(f.App, db => db.Contacts.AnyAsync()));
        var erasure = Assert.Single(await ErasureSeed.ReadAsync(f.App, db => db.Erasures.ToListAsync()));
        Assert.Equal((ErasureRule.Deadline, 2, "system"), (erasure.Rule, erasure.Contacts, erasure.ByName));
        Assert.Equal(2, await ErasureSeed.ReadAsync(f.App, db => db.AskedRegistry.CountAsync()));
    }
}
