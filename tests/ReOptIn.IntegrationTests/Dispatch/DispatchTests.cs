using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MimeKit.Cryptography;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.Core.Sending;
using ReOptIn.IntegrationTests.Sending;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Dispatch;

/// <summary>Launch and the sending worker against a real SMTP server: once per address, ever.</summary>
public sealed class DispatchTests
{
    private static IEnumerable<string> Addresses(int count, string prefix = "p") =>
        Enumerable.Range(0, count).Select(i => $"{prefix}{i}@mail{i % 7}.example.org");

    [Fact]
    public async Task Two_thousand_contacts_each_get_exactly_one_signed_message_and_a_second_campaign_sends_nothing()
    {
        var key = DkimKeys.Generate().PrivateKeyPem;
        await using var f = await DispatchFixture.StartAsync();
        var senderId = await f.CreateSenderAsync(key);
        var addresses = Addresses(2000).ToList();
        var listId = await f.ImportListAsync(addresses);
        var id = await f.ApprovedCampaignAsync(senderId, listId);
        var launched = await f.PostOkAsync($"/api/v1/campaigns/{id}/launch");
        Assert.Equal("Sending", launched.GetProperty("status").GetString());
        // 2,000 DKIM signatures: about 30 s alone, over 120 s when the rest of the suite shares the two cores. A limit, not a timing.
        var done = await f.WaitForStatusAsync(id, "Sent", TimeSpan.FromSeconds(300));
        Assert.Equal(2000, DispatchFixture.State(done, "sent"));
        Assert.Equal(0, DispatchFixture.State(done, "indoubt") + DispatchFixture.State(done, "failed") + DispatchFixture.State(done, "deferred"));

        var received = f.Smtp.Received;
        Assert.Equal(2000, received.Count);
        Assert.Equal(addresses.Order(StringComparer.Ordinal), received.Select(m => m.Recipients.Single()).Order(StringComparer.Ordinal));
        Assert.Equal(2000, received.Select(m => m.Message.MessageId).Distinct().Count());

        // Headers of a real request, and a DKIM signature that verifies against the published key.
        var message = received[0].Message;
        Assert.Equal("multipart/alternative", message.Body!.ContentType.MimeType);
        Assert.Matches(@"^<https://optin\.example\.com/u/[A-Za-z0-9_-]{54}>, <mailto:bounces\+\d+@bounces\.shop\.example\.com\?subject=unsubscribe>$", message.Headers[HeaderId.ListUnsubscribe]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Matches(@"^bounces\+\d+@bounces\.shop\.example\.com$", received[0].EnvelopeFrom);
        var signature = message.Headers[HeaderId.DkimSignature]!;
        Assert.Contains("list-unsubscribe-post", signature, StringComparison.OrdinalIgnoreCase);
        Assert.True(await new DkimVerifier(new FixedDkimKeyLocator(key)).VerifyAsync(message, message.Headers[message.Headers.IndexOf(HeaderId.DkimSignature)]));
        Assert.Contains("https://optin.example.com/c/", message.TextBody, StringComparison.Ordinal);

        // The link's token carries its request's id (the VERP address's) before the secret, of which only the hash is stored (ADR-0025).
        var token = System.Text.RegularExpressions.Regex.Match(message.TextBody!, @"/c/([A-Za-z0-9_-]{54})").Groups[1].Value;
        var link = ReOptIn.Core.Security.LinkToken.Parse(token);
        Assert.Equal(long.Parse(System.Text.RegularExpressions.Regex.Match(received[0].EnvelopeFrom, @"\+(\d+)@").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), link.RequestId);
        await using (var scope = f.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            var stored = await db.Requests.SingleAsync(r => r.Id == link.RequestId);
            Assert.Equal(ReOptIn.Core.Security.SecretToken.Hash(link.Secret), stored.LinkHash);
            Assert.Null(stored.TokenHash);
            Assert.Equal(2000, await db.Requests.CountAsync(r => r.LinkHash != null && r.TokenHash == null));
            Assert.Equal(2000, await db.AskedRegistry.CountAsync());
        }

        // A second campaign over the same list, after a re-import of the list: nothing to send.
        var reimport = await f.Api.ImportAsync(listId, System.Text.Encoding.UTF8.GetBytes("email\n" + string.Join("\n", addresses)), "again.csv");
        Assert.Equal("completed", reimport.GetProperty("status").GetString());
        var second = await f.ApprovedCampaignAsync(senderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{second}/launch");
        var secondDone = await f.WaitForStatusAsync(second, "Sent");
        Assert.Equal(0, secondDone.GetProperty("progress").GetProperty("eligible").GetInt32());
        Assert.Equal(2000, secondDone.GetProperty("progress").GetProperty("skipped").GetProperty("alreadyAsked").GetInt32());
        await Task.Delay(500);
        Assert.Equal(2000, f.Smtp.Received.Count);
    }

    [Fact]
    public async Task An_unapproved_campaign_cannot_be_launched_and_a_changed_one_neither()
    {
        await using var f = await DispatchFixture.StartAsync();
        var senderId = await f.CreateSenderAsync();
        var listId = await f.ImportListAsync(Addresses(3));
        var id = await f.ApprovedCampaignAsync(senderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{id}/return-to-draft");
        var refused = await f.Api.Http.PostAsync($"/api/v1/campaigns/{id}/launch", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("not-approved", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        // Approved, then the sender's postal address changes behind the campaign's back.
        await f.PostOkAsync($"/api/v1/campaigns/{id}/submit");
        await f.PostOkAsync($"/api/v1/campaigns/{id}/approve", new { acknowledgeWarnings = true });
        await using (var scope = f.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            await db.Senders.ExecuteUpdateAsync(s => s.SetProperty(x => x.PostalAddress, "Somewhere else"));
        }
        var changed = await f.Api.Http.PostAsync($"/api/v1/campaigns/{id}/launch", null);
        Assert.Equal("changed-since-approval", (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        await Task.Delay(500);
        Assert.Empty(f.Smtp.Received);
    }

    [Fact]
    public async Task Relay_refusals_end_in_failed_deferred_and_suppressed()
    {
        var smtpOptions = new TestSmtpServerOptions
        {
            RejectedRecipients = new HashSet<string> { "p1@mail1.example.org" },
            DeferredRecipients = new HashSet<string> { "p2@mail2.example.org" },
        };
        await using var f = await DispatchFixture.StartAsync(smtpOptions);
        var senderId = await f.CreateSenderAsync();
        var listId = await f.ImportListAsync(Addresses(4));
        var id = await f.ApprovedCampaignAsync(senderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{id}/launch");

        // The deferred one waits for its retry (10 minutes here), so the campaign stays sending.
        var until = DateTime.UtcNow.AddSeconds(30);
        JsonElement campaign;
        do
        {
            await Task.Delay(200);
            campaign = await f.CampaignAsync(id);
        }
        while (DispatchFixture.State(campaign, "sent") + DispatchFixture.State(campaign, "failed") + DispatchFixture.State(campaign, "deferred") < 4 && DateTime.UtcNow < until);
        Assert.Equal((2, 1, 1), (DispatchFixture.State(campaign, "sent"), DispatchFixture.State(campaign, "failed"), DispatchFixture.State(campaign, "deferred")));
        Assert.Equal("Sending", campaign.GetProperty("status").GetString());

        await using var scope = f.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var failed = await db.Requests.Include(r => r.Contact).SingleAsync(r => r.State == RequestState.Failed);
        Assert.Equal("p1@mail1.example.org", failed.Contact!.Email);
        Assert.Contains("550", failed.LastError, StringComparison.Ordinal);
        Assert.True(await db.Suppressions.AnyAsync(s => s.AddressHash == failed.AddressHash && s.Reason == SuppressionReason.HardBounce));
        var deferred = await db.Requests.SingleAsync(r => r.State == RequestState.Deferred);
        Assert.True(deferred.NextAttemptAt > DateTime.UtcNow.AddMinutes(5));
        Assert.Contains("45", deferred.LastError, StringComparison.Ordinal);
        Assert.Equal(2, f.Smtp.Received.Count);
    }

    [Fact]
    public async Task An_unreachable_relay_defers_the_requests_without_losing_or_doubling_any()
    {
        await using var f = await DispatchFixture.StartAsync();
        var senderId = await f.CreateSenderAsync();
        var listId = await f.ImportListAsync(Addresses(5));
        var id = await f.ApprovedCampaignAsync(senderId, listId);
        await f.Smtp.DisposeAsync();   // the relay goes away before the launch
        await f.PostOkAsync($"/api/v1/campaigns/{id}/launch");

        var until = DateTime.UtcNow.AddSeconds(30);
        JsonElement campaign;
        do
        {
            await Task.Delay(200);
            campaign = await f.CampaignAsync(id);
        }
        while (DispatchFixture.State(campaign, "deferred") < 5 && DateTime.UtcNow < until);
        Assert.Equal(5, DispatchFixture.State(campaign, "deferred"));
        await using var scope = f.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        Assert.All(await db.Requests.ToListAsync(), r => Assert.Contains("refused the connection", r.LastError, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_left_mid_send_by_a_dead_process_becomes_in_doubt_and_is_never_sent()
    {
        await using var f = await DispatchFixture.StartAsync();
        var senderId = await f.CreateSenderAsync();
        var listId = await f.ImportListAsync(Addresses(3));
        var id = await f.ApprovedCampaignAsync(senderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{id}/launch");
        await f.WaitForStatusAsync(id, "Sent");

        // Play a process that died after claiming: a request of another campaign stuck in Sending, lease expired.
        await using (var scope = f.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            var contact = await db.Contacts.FirstAsync();
            var stuck = new PermissionRequest(id, contact.Id, [.. Enumerable.Repeat((byte)7, 32)], DateTime.UtcNow.AddHours(-1));
            db.Requests.Add(stuck);
            await db.SaveChangesAsync();
            await db.Requests.Where(r => r.Id == stuck.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RequestState.Sending)
                .SetProperty(r => r.LeaseOwner, "dead-instance").SetProperty(r => r.LeaseExpiresAt, DateTime.UtcNow.AddMinutes(-1)));
        }
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await using var scope = f.App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            var states = await db.Requests.Select(r => r.State).ToListAsync();
            if (states.Contains(RequestState.InDoubt))
            {
                Assert.DoesNotContain(RequestState.Sending, states);
                break;
            }
            Assert.True(DateTime.UtcNow < until, "The abandoned request did not become in doubt.");
            await Task.Delay(200);
        }
        Assert.Equal(3, f.Smtp.Received.Count);
    }

    [Fact]
    public async Task Too_many_refusals_pause_the_campaign_with_the_reason()
    {
        var rejected = Addresses(20).Where((_, i) => i % 2 == 0).ToHashSet();
        await using var f = await DispatchFixture.StartAsync(new TestSmtpServerOptions { RejectedRecipients = rejected },
            new Dictionary<string, string?> { ["Sending:AutoPause:MinimumSends"] = "10", ["Sending:AutoPause:CheckEvery"] = "00:00:00", ["Sending:GroupSize"] = "5" });
        var senderId = await f.CreateSenderAsync(perSecond: 5, connections: 1);
        var listId = await f.ImportListAsync(Addresses(20));
        var id = await f.ApprovedCampaignAsync(senderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{id}/launch");

        var paused = await f.WaitForStatusAsync(id, "Paused", TimeSpan.FromSeconds(30));
        Assert.Contains("Paused automatically", paused.GetProperty("progress").GetProperty("pauseReason").GetString(), StringComparison.Ordinal);
        Assert.True(DispatchFixture.State(paused, "queued") > 0, "It paused before the end.");

        // An admin resumes; the rest goes out.
        await f.PostOkAsync($"/api/v1/campaigns/{id}/resume");
        var resumed = await f.CampaignAsync(id);
        Assert.NotEqual("Paused", resumed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Refusals_pause_the_campaign_right_after_the_minimum_sends_without_waiting_for_the_clock()
    {
        // Half the list is refused for good (550 5.1.1). The rates are counted once an hour here, so only the
        // refusals this instance records can trigger the count: the campaign must stop at the 10th send, not go on.
        var addresses = Addresses(60, "r").ToList();
        var rejected = addresses.Where((_, i) => i % 2 == 1).ToHashSet();
        await using var f = await DispatchFixture.StartAsync(new TestSmtpServerOptions { RejectedRecipients = rejected },
            new Dictionary<string, string?>
            {
                ["Sending:GroupSize"] = "5",
                ["Sending:AutoPause:MinimumSends"] = "10",
                ["Sending:AutoPause:CheckEvery"] = "01:00:00",
            });
        var senderId = await f.CreateSenderAsync(connections: 1);
        var listId = await f.ImportListAsync(addresses);
        var id = await f.ApprovedCampaignAsync(senderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{id}/launch");

        var paused = await f.WaitForStatusAsync(id, "Paused", TimeSpan.FromSeconds(30));
        var reason = paused.GetProperty("progress").GetProperty("pauseReason").GetString();
        Assert.Contains(" of 10 sends bounced or were refused", reason, StringComparison.Ordinal);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DispatchFixture.State(paused, "sending") > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
            paused = await f.CampaignAsync(id);
        }
        // The rates were judged on two groups of 5; the third was claimed while the second was judged and went
        // out alongside (ADR-0018); nothing after the pause.
        var sent = DispatchFixture.State(paused, "sent");
        Assert.Equal(15, sent + DispatchFixture.State(paused, "failed"));
        Assert.Equal(45, DispatchFixture.State(paused, "queued"));
        Assert.Equal(sent, f.Smtp.Received.Count);
    }

    [Fact]
    public async Task Launch_and_send_work_the_same_on_PostgreSQL()
    {
        var app = await ReOptInFactory.PostgreSqlAsync(DispatchFixture.Settings());
        await using var f = await DispatchFixture.StartAsync(app: app);
        var senderId = await f.CreateSenderAsync();
        var listId = await f.ImportListAsync(Addresses(120));
        var id = await f.ApprovedCampaignAsync(senderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{id}/launch");
        var done = await f.WaitForStatusAsync(id, "Sent");
        Assert.Equal(120, DispatchFixture.State(done, "sent"));
        Assert.Equal(120, f.Smtp.Received.Select(m => m.Recipients.Single()).Distinct().Count());
        Assert.Equal(120, f.Smtp.Received.Count);

        var second = await f.ApprovedCampaignAsync(senderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{second}/launch");
        var secondDone = await f.WaitForStatusAsync(second, "Sent");
        Assert.Equal(120, secondDone.GetProperty("progress").GetProperty("skipped").GetProperty("alreadyAsked").GetInt32());
    }

    [Fact]
    public async Task Two_campaigns_launched_at_once_over_one_list_ask_each_address_once()
    {
        var app = await ReOptInFactory.PostgreSqlAsync(DispatchFixture.Settings());
        await using var f = await DispatchFixture.StartAsync(app: app);
        var senderId = await f.CreateSenderAsync();
        var listId = await f.ImportListAsync(Addresses(300));
        var a = await f.ApprovedCampaignAsync(senderId, listId);
        var b = await f.ApprovedCampaignAsync(senderId, listId);

        var launches = await Task.WhenAll(f.Api.Http.PostAsync($"/api/v1/campaigns/{a}/launch", null), f.Api.Http.PostAsync($"/api/v1/campaigns/{b}/launch", null));
        // Either both succeed (one asks everyone, the other finds them asked) or the database refuses the second as a whole.
        foreach (var launch in launches)
        {
            var body = await launch.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(launch.IsSuccessStatusCode || body.GetProperty("code").GetString() == "already-asked-concurrently", body.ToString());
        }
        await Task.Delay(300);
        await using var scope = f.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        Assert.Equal(300, await db.Requests.CountAsync());
        Assert.Equal(300, await db.AskedRegistry.CountAsync());
        var until = DateTime.UtcNow.AddSeconds(30);
        while (f.Smtp.Received.Count < 300 && DateTime.UtcNow < until) await Task.Delay(200);
        Assert.Equal(300, f.Smtp.Received.Select(m => m.Recipients.Single()).Distinct().Count());
        Assert.Equal(300, f.Smtp.Received.Count);
    }
}
