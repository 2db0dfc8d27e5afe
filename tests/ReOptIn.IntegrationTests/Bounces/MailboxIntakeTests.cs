using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Bounces;
using ReOptIn.Core.Bounces.Intake;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Bounces;

/// <summary>The bounce mailbox read over IMAP from a real dovecot: bounces of a real campaign act, and every message ends in the processed folder.</summary>
public sealed class MailboxIntakeTests
{
    private static readonly string[] Addresses = ["hard@a.example.org", "angry@b.example.org", "full@c.example.org", "quiet@d.example.org"];

    [DovecotFact]
    public async Task Bounces_in_the_mailbox_are_acted_on_and_moved_to_the_processed_folder_never_deleted()
    {
        await using var t = await MailboxIntake.StartAsync(Addresses);
        var delivered = new Dictionary<string, byte[]>
        {
            ["hard"] = t.HardBounce("hard@a.example.org"),
            ["complaint"] = t.Complaint("angry@b.example.org"),
            ["soft"] = t.SoftBounce("full@c.example.org"),
            ["unmatched"] = BounceMail.Sample("lhost-postfix-02.eml"),   // a real bounce for someone we never wrote to
            ["report"] = BounceMail.Sample("rfc3464-28.eml"),            // a "delivered" report: not a bounce
        };
        foreach (var raw in delivered.Values) await t.Imap.AppendAsync(raw);
        var ids = (await t.Imap.ListAsync()).Select(m => m.MessageId).ToList();
        Assert.Equal(5, ids.Count);

        await t.ConfigureMailboxAsync();
        await t.WaitUntilAsync(async () => (await t.Imap.ListAsync()).Count == 0 && (await t.Imap.ListAsync(BounceMailbox.DefaultProcessedFolder)).Count == 5,
            "the five messages moved out of INBOX into ReOptIn/Processed");

        // Moved, not deleted: every message is in the processed folder.
        Assert.Equal(ids.Order(StringComparer.Ordinal), (await t.Imap.ListAsync(BounceMailbox.DefaultProcessedFolder)).Select(m => m.MessageId).Order(StringComparer.Ordinal));

        var states = await t.StatesAsync();
        Assert.Equal(RequestState.Bounced, states["hard@a.example.org"]);
        Assert.Equal(RequestState.Complained, states["angry@b.example.org"]);
        Assert.Equal(RequestState.Sent, states["full@c.example.org"]);
        Assert.Equal(RequestState.Sent, states["quiet@d.example.org"]);
        var suppressions = await t.DbAsync(db => db.Suppressions.Select(s => s.Reason).ToListAsync());
        Assert.Equal([SuppressionReason.HardBounce, SuppressionReason.Complaint], suppressions.Order());

        var reports = await t.ReportsAsync();
        Assert.Equal(5, reports.Count);
        Assert.All(reports, r => Assert.Equal("imap", r.Source));
        Assert.Equal([BounceAction.Bounced, BounceAction.Complained, BounceAction.Counted, BounceAction.Ignored, BounceAction.NeedsReview],
            reports.Select(r => r.Action).Order());
        var review = reports.Single(r => r.Action == BounceAction.NeedsReview);
        Assert.Null(review.RequestId);
        Assert.Contains("20140621183516.0A3541FB98@smtp.example.com", review.RawMessage, StringComparison.Ordinal);

        // The complaint counts toward the automatic pause, as the campaign's progress shows.
        var campaign = await t.App.CampaignAsync(t.CampaignId);
        Assert.Equal(1, Dispatch.DispatchFixture.State(campaign, "complained"));
        Assert.Equal(1, Dispatch.DispatchFixture.State(campaign, "bounced"));

        // Acting was audited, by the system.
        var audited = await t.DbAsync(db => db.AuditLog.Where(a => a.Action == AuditActions.BounceActedOn).ToListAsync());
        Assert.Equal(2, audited.Count);
        Assert.All(audited, a => Assert.Equal("system", a.ActorName));

        // The review page lists the unmatched one; the sender page tells how the last look went.
        using var admin = await t.AdminAsync();
        Assert.Contains("20140621183516.0A3541FB98@smtp.example.com", await admin.GetPageAsync("/Admin/Bounces"), StringComparison.Ordinal);
        await t.WaitUntilAsync(async () => (await t.MailboxAsync()).LastPollOk == true, "a successful look recorded");
        var senderPage = WebUtility.HtmlDecode(await admin.GetPageAsync($"/Admin/Senders/Edit/{t.SenderId}"));
        Assert.Contains("Last look", senderPage, StringComparison.Ordinal);
        Assert.Contains("IDLE", senderPage, StringComparison.Ordinal);

        // No full address in the logs.
        var logs = t.App.App.ReadLogs();
        Assert.Contains("Bounce mailbox", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Addresses, a => logs.Contains(a, StringComparison.OrdinalIgnoreCase));
    }

    [DovecotFact]
    public async Task A_message_that_fails_stays_in_the_mailbox_and_is_processed_at_a_later_look()
    {
        await using var t = await MailboxIntake.StartAsync(Addresses);
        // A real database failure: SQLite refuses every new bounce report until the trigger goes.
        await using (var conn = new SqliteConnection($"Data Source={t.App.App.SqliteFile}"))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "CREATE TRIGGER refuse_bounces BEFORE INSERT ON Bounces BEGIN SELECT RAISE(ABORT, 'the disk is full'); END;";
            await cmd.ExecuteNonQueryAsync();
        }
        await t.Imap.AppendAsync(t.HardBounce("hard@a.example.org"));
        await t.ConfigureMailboxAsync();

        await t.WaitUntilAsync(async () => (await t.MailboxAsync()).LastPollOk == false, "a failed look recorded");
        var mailbox = await t.MailboxAsync();
        Assert.Contains("could not be processed", mailbox.LastPollMessage, StringComparison.Ordinal);
        Assert.Single(await t.Imap.ListAsync());                                       // still there
        Assert.Empty(await t.Imap.ListAsync(BounceMailbox.DefaultProcessedFolder));
        Assert.Equal(RequestState.Sent, (await t.StatesAsync())["hard@a.example.org"]);
        Assert.Empty(await t.ReportsAsync());
        Assert.DoesNotContain("hard@a.example.org", t.App.App.ReadLogs(), StringComparison.OrdinalIgnoreCase);

        await using (var conn = new SqliteConnection($"Data Source={t.App.App.SqliteFile}"))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "DROP TRIGGER refuse_bounces;";
            await cmd.ExecuteNonQueryAsync();
        }
        await t.WaitUntilAsync(async () => (await t.StatesAsync())["hard@a.example.org"] == RequestState.Bounced, "the request bounced at a later look");
        await t.WaitUntilAsync(async () => (await t.Imap.ListAsync()).Count == 0, "the message moved out of INBOX");
        Assert.Single(await t.Imap.ListAsync(BounceMailbox.DefaultProcessedFolder));
        Assert.Single(await t.ReportsAsync());
    }

    [DovecotFact]
    public async Task Idle_reads_a_new_bounce_without_waiting_for_the_poll_interval()
    {
        // A poll every hour: only IDLE can bring the new message in within the wait below.
        await using var t = await MailboxIntake.StartAsync(Addresses, new Dictionary<string, string?>
        {
            ["Bounces:PollInterval"] = "01:00:00",
            ["Bounces:Lease"] = "01:00:00",
        });
        await t.ConfigureMailboxAsync();
        await t.WaitUntilAsync(async () => (await t.MailboxAsync()).LastPollAt is not null, "the first look at the empty mailbox");
        Assert.Contains("IDLE", (await t.MailboxAsync()).LastPollMessage, StringComparison.Ordinal);

        await t.Imap.AppendAsync(t.HardBounce("hard@a.example.org"));
        await t.WaitUntilAsync(async () => (await t.StatesAsync())["hard@a.example.org"] == RequestState.Bounced, "the new bounce read through IDLE");
        await t.WaitUntilAsync(async () => (await t.Imap.ListAsync(BounceMailbox.DefaultProcessedFolder)).Count == 1, "the message moved");
    }

    [DovecotFact]
    public async Task A_processed_folder_the_server_refuses_to_create_leaves_messages_flagged_in_place_and_read_once()
    {
        await using var t = await MailboxIntake.StartAsync(Addresses);
        await t.Imap.AppendAsync(t.SoftBounce("full@c.example.org"));
        await t.ConfigureMailboxAsync(processedFolder: "ReOptIn/../Processed");   // dovecot: "Character not allowed in mailbox name"

        await t.WaitUntilAsync(async () => (await t.Imap.ListAsync()).SingleOrDefault() is { } m && m.Keywords.Contains(BounceMailbox.ProcessedKeyword),
            "the message marked processed in INBOX");
        var message = (await t.Imap.ListAsync()).Single();
        Assert.True(message.Seen);
        // Every look says why messages are flagged rather than moved.
        Assert.Contains("marked $ReOptInProcessed: the server refused to create “ReOptIn/../Processed”", (await t.MailboxAsync()).LastPollMessage, StringComparison.Ordinal);

        // Later looks pass it by: one report, however many looks.
        var before = (await t.MailboxAsync()).LastPollAt;
        await t.WaitUntilAsync(async () => (await t.MailboxAsync()).LastPollAt > before, "another look");
        Assert.Single(await t.ReportsAsync());
        Assert.Contains("no new messages", (await t.MailboxAsync()).LastPollMessage, StringComparison.Ordinal);
    }

    [DovecotFact]
    public async Task The_connection_test_on_the_sender_page_names_the_failing_step()
    {
        await using var t = await MailboxIntake.StartAsync(["one@a.example.org"], new Dictionary<string, string?> { ["Bounces:Enabled"] = "false" });
        using var admin = await t.AdminAsync();
        var senderPage = $"/Admin/Senders/Edit/{t.SenderId}";
        var test = $"/Admin/Senders/Mailbox/{t.SenderId}?handler=Test";

        async Task<string> TestAsync()
        {
            var response = await admin.SubmitAsync(senderPage, new Dictionary<string, string>(), test);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"The test answered {(int)response.StatusCode}. App log:\n{t.App.App.ReadLogs()}");
            return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        }

        Assert.Contains("Set up the bounce mailbox", await admin.GetPageAsync(senderPage), StringComparison.Ordinal);

        await t.ConfigureMailboxAsync(password: "not the password");
        Assert.Contains("Test the mailbox connection", await admin.GetPageAsync(senderPage), StringComparison.Ordinal);
        var wrongPassword = await TestAsync();
        Assert.Contains("Sign in failed: The server rejected the user name or password.", wrongPassword, StringComparison.Ordinal);
        Assert.Contains($"Connected to {t.Imap.Host}:{t.Imap.Port}", wrongPassword, StringComparison.Ordinal);

        using (var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            closed.Start();
            var port = ((IPEndPoint)closed.LocalEndpoint).Port;
            closed.Stop();
            await t.ConfigureMailboxAsync(port: port);
        }
        Assert.Contains("Connect failed: The server at 127.0.0.1:", await TestAsync(), StringComparison.Ordinal);

        await t.ConfigureMailboxAsync();
        var ok = await TestAsync();
        Assert.Contains($"The mailbox {t.Imap.User} at {t.Imap.Host}:{t.Imap.Port} can be read.", ok, StringComparison.Ordinal);
        Assert.Contains("offers IDLE", ok, StringComparison.Ordinal);
        Assert.Contains("does not exist yet; it is created at the first look", ok, StringComparison.Ordinal);   // the test changes nothing
        Assert.Empty(await t.Imap.ListAsync(BounceMailbox.DefaultProcessedFolder));

        // The password is stored encrypted, never as typed.
        var stored = await t.MailboxAsync();
        Assert.NotNull(stored.PasswordProtected);
        Assert.DoesNotContain(t.Imap.Password, stored.PasswordProtected, StringComparison.Ordinal);
        Assert.DoesNotContain(t.Imap.Password, await admin.GetPageAsync($"/Admin/Senders/Mailbox/{t.SenderId}"), StringComparison.Ordinal);
    }
}
