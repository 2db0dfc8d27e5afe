using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Bounces;
using ReOptIn.Core.Bounces.Intake;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Bounces;

/// <summary>Two app instances on one real PostgreSQL, one bounce mailbox: every message is acted on once.</summary>
public sealed class TwoReadersTests
{
    private static readonly string[] Addresses = [.. Enumerable.Range(0, 12).Select(i => $"r{i}@d{i % 3}.example.org")];

    [DovecotFact]
    public async Task Two_instances_read_one_mailbox_one_at_a_time_and_never_act_twice()
    {
        var settings = MailboxIntake.Settings(new Dictionary<string, string?> { ["Bounces:Lease"] = "00:00:06" });
        var first = await ReOptInFactory.PostgreSqlAsync(settings);
        await using var t = await MailboxIntake.StartAsync(Addresses, app: first);
        var second = first.Twin();
        _ = second.Services;   // the second instance's reader joins in

        await t.ConfigureMailboxAsync();
        // The first half, with a second copy of one message (same Message-ID: a mail server that delivered it twice).
        var bounces = Addresses.Select(t.HardBounce).ToList();
        foreach (var raw in bounces.Take(6)) await t.Imap.AppendAsync(raw);
        await t.Imap.AppendAsync(bounces[0]);
        await t.WaitUntilAsync(async () => (await t.Imap.ListAsync(BounceMailbox.DefaultProcessedFolder)).Count == 7, "the first half processed");
        var firstReader = (await t.MailboxAsync()).LeaseOwner;
        Assert.NotNull(firstReader);

        // The instance reading stops; the other takes the mailbox over and reads the second half.
        var (stopping, staying) = firstReader!.StartsWith(first.Service<IEnumerable<Microsoft.Extensions.Hosting.IHostedService>>().OfType<BounceMailboxWorker>().Single().InstanceId, StringComparison.Ordinal)
            ? (first, second) : (second, first);
        await stopping.DisposeAsync();
        foreach (var raw in bounces.Skip(6)) await t.Imap.AppendAsync(raw);
        await t.Imap.AppendAsync(bounces[7]);
        await t.WaitUntilAsync(async () => (await t.Imap.ListAsync(BounceMailbox.DefaultProcessedFolder)).Count == 14, "the second half processed by the other instance");
        Assert.Empty(await t.Imap.ListAsync());

        await using var scope = staying.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        Assert.NotEqual(firstReader, (await db.BounceMailboxes.AsNoTracking().SingleAsync()).LeaseOwner);
        var reports = await db.Bounces.AsNoTracking().ToListAsync();
        Assert.Equal(12, reports.Count);                                             // 14 messages, 12 distinct
        Assert.Equal(12, reports.Select(r => r.RequestId).Distinct().Count());
        Assert.All(reports, r => Assert.Equal(BounceAction.Bounced, r.Action));
        Assert.Equal(12, await db.Suppressions.CountAsync());
        Assert.Equal(12, await db.AuditLog.CountAsync(a => a.Action == Core.Auditing.AuditActions.BounceActedOn));
        Assert.True(await db.Requests.AllAsync(r => r.State == RequestState.Bounced));
        if (stopping != second) await second.DisposeAsync();
    }

    [Fact]
    public async Task The_same_message_processed_at_once_by_two_instances_is_acted_on_once()
    {
        var first = await ReOptInFactory.PostgreSqlAsync(MailboxIntake.Settings());
        await using var f = await Dispatch.DispatchFixture.StartAsync(app: first);
        await using var second = first.Twin();
        var senderId = await f.CreateSenderAsync();
        var id = await f.ApprovedCampaignAsync(senderId, await f.ImportListAsync(["soft@a.example.org"]));
        await f.PostOkAsync($"/api/v1/campaigns/{id}/launch");
        await f.WaitForStatusAsync(id, "Sent");
        var sent = f.Smtp.Received.Single();
        var raw = BounceMail.Bytes(BounceMail.Dsn("soft@a.example.org", "4.2.2", "delayed", "452 4.2.2 mailbox full", "<" + sent.Message.MessageId + ">", sent.EnvelopeFrom));

        // Without any lease: eight readers, four per instance, race on one message.
        var readers = Enumerable.Range(0, 8).Select(async i =>
        {
            await using var scope = (i % 2 == 0 ? first : second).Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            var hasher = scope.ServiceProvider.GetRequiredService<AddressHasher>();
            return await BounceIntake.ProcessAsync(db, hasher, raw, "imap", DateTime.UtcNow, (null, "system"), CancellationToken.None);
        }).ToList();
        var outcomes = await Task.WhenAll(readers);

        Assert.Single(outcomes, o => !o.AlreadyProcessed);
        Assert.Single(outcomes.Select(o => o.Report.Id).Distinct());
        await using var check = first.Services.CreateAsyncScope();
        var reports = await check.ServiceProvider.GetRequiredService<ReOptInDb>().Bounces.AsNoTracking().ToListAsync();
        Assert.Equal(BounceAction.Counted, Assert.Single(reports).Action);
    }
}
