using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Dispatch;

/// <summary>
/// Relay faults through the whole worker (issue 5): each ends in the state the sending rules give
/// (accepted → Sent; 5xx → Failed, 5.1.x also suppressed; refused before the hand-over → Deferred;
/// a connection lost during DATA → InDoubt, never re-sent) with a LastError an admin can read.
/// The faults are played by <see cref="ScriptedSmtpServer"/>, and the untrusted certificate by <see cref="TestSmtpServer"/>.
/// </summary>
public sealed class RelayFaultTests
{
    private const int Limit = 20_000;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static List<string> Addresses(int count) => [.. Enumerable.Range(0, count).Select(i => $"p{i}@mail{i % 3}.example.org")];

    [Fact(Timeout = Limit)]
    public async Task Connection_refused_defers_every_request_with_the_address_it_tried()
    {
        await using var f = await StartAsync();
        var port = FreePort.Next();
        var id = await LaunchAsync(f, Addresses(4), port: port);

        var requests = await WaitForAsync(f, rs => rs.All(r => r.State == RequestState.Deferred));
        AssertDeferredForLater(requests);
        Assert.All(requests, r => Assert.Contains($"The relay at 127.0.0.1:{port} refused the connection.", r.LastError, StringComparison.Ordinal));
        await AssertNoSuppressionAsync(f);
        Assert.Equal("Sending", await StatusAsync(f, id));
    }

    [Fact(Timeout = Limit)]
    public async Task A_421_greeting_defers_every_request_and_says_the_relay_is_not_available()
    {
        await using var relay = ScriptedSmtpServer.Start(new() { GreetWith421 = true });
        await using var f = await StartAsync();
        var id = await LaunchAsync(f, Addresses(4), relay.Port);

        var requests = await WaitForAsync(f, rs => rs.All(r => r.State == RequestState.Deferred));
        AssertDeferredForLater(requests);
        var expected = $"The relay at 127.0.0.1:{relay.Port} is not available at the moment (it turned the connection away): 421 4.3.2 Service not available, try again later";
        Assert.Equal(expected, requests[0].LastError);
        Assert.All(requests.Skip(1), r => Assert.Equal("Not tried: " + expected, r.LastError));
        // One connection for the group: the lane stops at a refused session instead of knocking again for each request.
        Assert.Equal(1, relay.Connections);
        Assert.Empty(relay.Messages);
        await AssertNoSuppressionAsync(f);
        Assert.Equal("Sending", await StatusAsync(f, id));
    }

    [Fact(Timeout = Limit)]
    public async Task A_554_greeting_defers_rather_than_fails_the_requests()
    {
        // The relay refuses this server (say its IP is listed), not the recipients: nobody's request is burnt.
        await using var relay = ScriptedSmtpServer.Start(new() { Greeting = "554 5.7.1 Service unavailable; client host blocked" });
        await using var f = await StartAsync();
        var id = await LaunchAsync(f, Addresses(3), relay.Port);

        var requests = await WaitForAsync(f, rs => rs.All(r => r.State != RequestState.Queued && r.State != RequestState.Sending));
        AssertDeferredForLater(requests);
        Assert.Equal($"The relay at 127.0.0.1:{relay.Port} does not accept mail from this server (it turned the connection away): 554 5.7.1 Service unavailable; client host blocked",
            requests[0].LastError);
        Assert.Equal(1, relay.Connections);
        await AssertNoSuppressionAsync(f);
        Assert.Equal("Sending", await StatusAsync(f, id));
    }

    [Fact(Timeout = Limit)]
    public async Task A_451_on_RCPT_defers_that_request_and_the_retry_delivers_it_once()
    {
        // Greylisting: the first RCPT for p1 gets 451; the test lifts it once the request is deferred.
        var replies = new ConcurrentDictionary<string, string>(StringComparer.Ordinal) { ["p1@mail1.example.org"] = "451 4.7.1 Greylisted, try again later" };
        await using var relay = ScriptedSmtpServer.Start(new() { RecipientReplies = replies });
        await using var f = await StartAsync(firstBackoff: "00:00:01");
        var addresses = Addresses(4);
        var id = await LaunchAsync(f, addresses, relay.Port);

        var requests = await WaitForAsync(f, rs => rs.Count(r => r.State == RequestState.Sent) == 3 && rs.Any(r => r.State == RequestState.Deferred));
        var deferred = requests.Single(r => r.State == RequestState.Deferred);
        Assert.Equal("p1@mail1.example.org", deferred.Contact!.Email);
        Assert.Equal("The relay rejected the recipient: 451 4.7.1 Greylisted, try again later", deferred.LastError);
        Assert.True(deferred.NextAttemptAt > deferred.StateChangedAt, "A deferred request waits before its next attempt.");
        Assert.Equal("Sending", await StatusAsync(f, id));

        replies.Clear();
        await WaitForStatusAsync(f, id, "Sent");
        requests = await RequestsAsync(f);
        Assert.All(requests, r => Assert.Equal(RequestState.Sent, r.State));
        Assert.Equal(2, requests.Single(r => r.Contact!.Email == "p1@mail1.example.org").Attempts);
        AssertEachAcceptedOnce(relay, addresses);
        await AssertNoSuppressionAsync(f);
    }

    [Fact(Timeout = Limit)]
    public async Task A_550_on_RCPT_fails_that_request_and_a_5_1_1_suppresses_the_address()
    {
        var replies = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["p1@mail1.example.org"] = "550 5.1.1 <p1@mail1.example.org>: Recipient address rejected: User unknown",
            ["p2@mail2.example.org"] = "550 5.7.1 Relaying denied by policy",
        };
        await using var relay = ScriptedSmtpServer.Start(new() { RecipientReplies = replies });
        await using var f = await StartAsync();
        var addresses = Addresses(4);
        var id = await LaunchAsync(f, addresses, relay.Port);

        await WaitForStatusAsync(f, id, "Sent");
        var requests = await RequestsAsync(f);
        var unknown = requests.Single(r => r.Contact!.Email == "p1@mail1.example.org");
        var denied = requests.Single(r => r.Contact!.Email == "p2@mail2.example.org");
        Assert.Equal(RequestState.Failed, unknown.State);
        Assert.Equal("The relay rejected the recipient: 550 5.1.1 <p1@mail1.example.org>: Recipient address rejected: User unknown", unknown.LastError);
        Assert.Equal(RequestState.Failed, denied.State);
        Assert.Equal("The relay rejected the recipient: 550 5.7.1 Relaying denied by policy", denied.LastError);
        Assert.Equal(2, requests.Count(r => r.State == RequestState.Sent));

        // Only "no such address" (5.1.x) is a hard bounce; a policy refusal says nothing about the address.
        await using var scope = f.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var suppressions = await db.Suppressions.ToListAsync();
        var hard = Assert.Single(suppressions);
        Assert.Equal(unknown.AddressHash, hard.AddressHash);
        Assert.Equal(SuppressionReason.HardBounce, hard.Reason);
        AssertEachAcceptedOnce(relay, addresses.Where(a => !replies.ContainsKey(a)));
        Assert.DoesNotContain(relay.Messages, m => m.Recipients.Any(replies.ContainsKey));
    }

    [Fact(Timeout = Limit)]
    public async Task A_connection_dropped_during_DATA_leaves_the_request_in_doubt_and_it_is_never_sent_again()
    {
        const string Dropped = "p1@mail1.example.org";
        await using var relay = ScriptedSmtpServer.Start(new() { DropDuringData = t => t.Recipients.Contains(Dropped) });
        await using var f = await StartAsync(firstBackoff: "00:00:01");
        var addresses = Addresses(5);
        var id = await LaunchAsync(f, addresses, relay.Port);

        // The rest of its group is deferred ("not tried") when the connection breaks, and goes out a second later.
        await WaitForStatusAsync(f, id, "Sent");
        var requests = await RequestsAsync(f);
        var inDoubt = Assert.Single(requests, r => r.State == RequestState.InDoubt);
        Assert.Equal(Dropped, inDoubt.Contact!.Email);
        Assert.Equal($"The relay at 127.0.0.1:{relay.Port} closed the connection. It may have accepted the message first.", inDoubt.LastError);
        Assert.Equal(4, requests.Count(r => r.State == RequestState.Sent));

        // Past the backoff, several polls later: still in doubt, still one attempt, and the relay saw it once (incomplete).
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        requests = await RequestsAsync(f);
        inDoubt = requests.Single(r => r.Contact!.Email == Dropped);
        Assert.Equal(RequestState.InDoubt, inDoubt.State);
        Assert.Equal(1, inDoubt.Attempts);
        var seen = Assert.Single(relay.Messages, m => m.Recipients.Contains(Dropped));
        Assert.False(seen.Complete);
        Assert.Null(seen.Reply);
        AssertEachAcceptedOnce(relay, addresses.Where(a => a != Dropped));
        await AssertNoSuppressionAsync(f);
        Assert.Equal("Sent", await StatusAsync(f, id));
    }

    [Fact(Timeout = Limit)]
    public async Task Replies_after_DATA_defer_a_451_and_fail_a_554_without_suppressing()
    {
        var after = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["p1@mail1.example.org"] = "451 4.3.0 Try again later",
            ["p2@mail2.example.org"] = "554 5.7.1 Message rejected as spam",
        };
        await using var relay = ScriptedSmtpServer.Start(new() { ReplyAfterData = t => after.GetValueOrDefault(t.Recipients[0]) });
        await using var f = await StartAsync();
        var addresses = Addresses(4);
        var id = await LaunchAsync(f, addresses, relay.Port);

        var requests = await WaitForAsync(f, rs => rs.All(r => r.State is RequestState.Sent or RequestState.Failed or RequestState.Deferred));
        var later = requests.Single(r => r.Contact!.Email == "p1@mail1.example.org");
        var spam = requests.Single(r => r.Contact!.Email == "p2@mail2.example.org");
        Assert.Equal(RequestState.Deferred, later.State);
        Assert.Equal("The relay rejected the message: 451 4.3.0 Try again later", later.LastError);
        Assert.Equal(RequestState.Failed, spam.State);
        Assert.Equal("The relay rejected the message: 554 5.7.1 Message rejected as spam", spam.LastError);
        Assert.Equal(2, requests.Count(r => r.State == RequestState.Sent));
        await AssertNoSuppressionAsync(f);
        Assert.Equal("Sending", await StatusAsync(f, id));
        AssertEachAcceptedOnce(relay, addresses.Where(a => !after.ContainsKey(a)));
        Assert.All(relay.Messages, m => Assert.True(m.Complete));
    }

    [Fact(Timeout = Limit)]
    public async Task A_refused_login_defers_every_request_and_names_the_login_not_the_password()
    {
        await using var relay = ScriptedSmtpServer.Start(new() { FailAuth = true });
        await using var f = await StartAsync();
        var id = await LaunchAsync(f, Addresses(4), relay.Port, username: "shop", password: "Wr0ng-Secret");

        var requests = await WaitForAsync(f, rs => rs.All(r => r.State == RequestState.Deferred));
        AssertDeferredForLater(requests);
        Assert.All(requests, r =>
        {
            Assert.Contains("The relay rejected the user name or password.", r.LastError, StringComparison.Ordinal);
            Assert.DoesNotContain("Wr0ng-Secret", r.LastError, StringComparison.Ordinal);
        });
        Assert.Empty(relay.Messages);
        await AssertNoSuppressionAsync(f);
        Assert.Equal("Sending", await StatusAsync(f, id));
    }

    [Fact(Timeout = Limit)]
    public async Task An_untrusted_certificate_defers_every_request_with_a_TLS_message()
    {
        // A real STARTTLS relay whose certificate is self-signed; the sender validates certificates.
        await using var relay = await TestSmtpServer.StartAsync(new() { Tls = TestSmtpTls.StartTls });
        await using var f = await StartAsync();
        var id = await LaunchAsync(f, Addresses(4), relay.Port, security: "StartTls");

        var requests = await WaitForAsync(f, rs => rs.All(r => r.State == RequestState.Deferred));
        AssertDeferredForLater(requests);
        Assert.All(requests, r => Assert.Contains(
            "TLS failed: the relay's certificate is not trusted (self-signed, expired or from an unknown authority).", r.LastError, StringComparison.Ordinal));
        Assert.Empty(relay.Received);
        Assert.Equal("Sending", await StatusAsync(f, id));
    }

    [Fact(Timeout = Limit)]
    public async Task A_relay_without_STARTTLS_defers_every_request_rather_than_send_in_clear()
    {
        await using var relay = ScriptedSmtpServer.Start();
        await using var f = await StartAsync();
        var id = await LaunchAsync(f, Addresses(4), relay.Port, security: "StartTls");

        var requests = await WaitForAsync(f, rs => rs.All(r => r.State == RequestState.Deferred));
        AssertDeferredForLater(requests);
        Assert.All(requests, r => Assert.Contains($"TLS failed: the relay at 127.0.0.1:{relay.Port} does not offer STARTTLS.", r.LastError, StringComparison.Ordinal));
        Assert.Empty(relay.Messages);
        Assert.Equal("Sending", await StatusAsync(f, id));
    }

    [Fact(Timeout = Limit)]
    public async Task A_refused_STARTTLS_defers_every_request_with_a_TLS_message()
    {
        await using var relay = ScriptedSmtpServer.Start(new() { StartTlsReply = "454 4.7.0 TLS not available due to local problem" });
        await using var f = await StartAsync();
        var id = await LaunchAsync(f, Addresses(4), relay.Port, security: "StartTls");

        var requests = await WaitForAsync(f, rs => rs.All(r => r.State == RequestState.Deferred));
        AssertDeferredForLater(requests);
        Assert.Equal($"TLS failed: the relay at 127.0.0.1:{relay.Port} refused to start TLS: 454 4.7.0 TLS not available due to local problem", requests[0].LastError);
        Assert.All(requests, r => Assert.Contains("TLS failed", r.LastError, StringComparison.Ordinal));
        Assert.Equal(1, relay.Connections);
        Assert.Empty(relay.Messages);
        Assert.Equal("Sending", await StatusAsync(f, id));
    }

    // --- helpers ---

    /// <summary>An app whose lanes pause only briefly after a broken connection; retries after <paramref name="firstBackoff"/> (10 minutes unless set).</summary>
    private static Task<DispatchFixture> StartAsync(string? firstBackoff = null)
    {
        var settings = new Dictionary<string, string?> { ["Sending:RelayPause"] = "00:00:00.200" };
        if (firstBackoff is not null) settings["Sending:FirstBackoff"] = firstBackoff;
        return DispatchFixture.StartAsync(settings: settings);
    }

    /// <summary>A sender pointing at 127.0.0.1:<paramref name="port"/>, a list of the addresses, an approved campaign, launched.</summary>
    private static async Task<int> LaunchAsync(DispatchFixture f, IEnumerable<string> addresses, int port, string security = "None", string? username = null, string? password = null)
    {
        var senderId = await f.CreateSenderAsync(connections: 1, host: "127.0.0.1", port: port, security: security, username: username, password: password);
        var listId = await f.ImportListAsync(addresses);
        var id = await f.ApprovedCampaignAsync(senderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{id}/launch");
        return id;
    }

    private static async Task<List<PermissionRequest>> RequestsAsync(DispatchFixture f)
    {
        await using var scope = f.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        return await db.Requests.AsNoTracking().Include(r => r.Contact).OrderBy(r => r.Id).ToListAsync();
    }

    /// <summary>Polls the requests until <paramref name="done"/> holds; fails with their states after <see cref="Wait"/>.</summary>
    private static async Task<List<PermissionRequest>> WaitForAsync(DispatchFixture f, Func<List<PermissionRequest>, bool> done)
    {
        var until = DateTime.UtcNow + Wait;
        while (true)
        {
            var requests = await RequestsAsync(f);
            if (requests.Count > 0 && done(requests)) return requests;
            Assert.True(DateTime.UtcNow < until, "Requests: " + string.Join("; ", requests.Select(r => $"{r.Contact?.Email} {r.State} {r.LastError}")));
            await Task.Delay(150);
        }
    }

    private static async Task WaitForStatusAsync(DispatchFixture f, int id, string status) => await f.WaitForStatusAsync(id, status, Wait);

    private static async Task<string?> StatusAsync(DispatchFixture f, int id) => (await f.CampaignAsync(id)).GetProperty("status").GetString();

    /// <summary>Deferred for later (the fixture's 10-minute first backoff), after exactly one attempt.</summary>
    private static void AssertDeferredForLater(List<PermissionRequest> requests) => Assert.All(requests, r =>
    {
        Assert.Equal(RequestState.Deferred, r.State);
        Assert.True(r.NextAttemptAt > DateTime.UtcNow.AddMinutes(5), $"Next attempt {r.NextAttemptAt:O}");
        Assert.Equal(1, r.Attempts);
        Assert.False(string.IsNullOrWhiteSpace(r.LastError));
    });

    /// <summary>Each of <paramref name="addresses"/> was accepted by the relay exactly once, and nobody else was.</summary>
    private static void AssertEachAcceptedOnce(ScriptedSmtpServer relay, IEnumerable<string> addresses)
    {
        var accepted = relay.Messages.Where(m => m.Accepted).SelectMany(m => m.Recipients).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(addresses.Order(StringComparer.Ordinal), accepted);
    }

    private static async Task AssertNoSuppressionAsync(DispatchFixture f)
    {
        await using var scope = f.App.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<ReOptInDb>().Suppressions.AnyAsync());
    }
}
