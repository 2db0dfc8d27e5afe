using ReOptIn.Core.Sending;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Sending;

/// <summary>Relay checks and failures against a real SMTP server on loopback.</summary>
public class RelayTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_login_that_the_relay_accepts_passes_the_check()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { User = "ada", Password = "s3cret-pw" });

        var result = await RelayConnectionTest.RunAsync(server.Relay(SmtpSecurity.None, "ada", "s3cret-pw"), Timeout, CancellationToken.None);

        Assert.True(result.Ok, result.Message);
        Assert.Null(result.Problem);
        Assert.Equal(["Connected to 127.0.0.1:" + server.Port, "Authenticated as ada", "The relay answered NOOP", "Disconnected"], result.Steps);
        Assert.DoesNotContain("s3cret-pw", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_problem()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { User = "ada", Password = "s3cret-pw" });

        var result = await RelayConnectionTest.RunAsync(server.Relay(SmtpSecurity.None, "ada", "wrong-pw"), Timeout, CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Equal(RelayProblem.Authentication, result.Problem);
        Assert.Equal("The relay rejected the user name or password.", result.Message);
        Assert.DoesNotContain(result.Steps, s => s.Contains("wrong-pw", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_relay_that_offers_login_only_over_TLS_says_so()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { User = "ada", Password = "pw", AllowAuthWithoutTls = false, Tls = TestSmtpTls.StartTls });

        var plain = await RelayConnectionTest.RunAsync(server.Relay(SmtpSecurity.None, "ada", "pw"), Timeout, CancellationToken.None);
        var startTls = await RelayConnectionTest.RunAsync(server.Relay(SmtpSecurity.StartTls, "ada", "pw"), Timeout, CancellationToken.None);

        Assert.Equal(RelayProblem.AuthenticationNotOffered, plain.Problem);
        Assert.Equal("The relay does not offer authentication on this connection; try STARTTLS.", plain.Message);
        Assert.True(startTls.Ok, startTls.Message);
    }

    [Fact]
    public async Task Nothing_listening_is_a_refused_connection()
    {
        var port = FreePort.Next();

        var result = await RelayConnectionTest.RunAsync(new RelaySettings("127.0.0.1", port, SmtpSecurity.None, null, null), Timeout, CancellationToken.None);

        Assert.Equal(RelayProblem.Refused, result.Problem);
        Assert.Equal($"The relay at 127.0.0.1:{port} refused the connection.", result.Message);
        Assert.Empty(result.Steps);
    }

    [Fact]
    public async Task An_unknown_host_is_a_DNS_problem()
    {
        var result = await RelayConnectionTest.RunAsync(new RelaySettings("smtp.invalid", 587, SmtpSecurity.StartTls, "ada", "pw"), Timeout, CancellationToken.None);

        Assert.Equal(RelayProblem.Dns, result.Problem);
        Assert.Equal("Could not find the host 'smtp.invalid' (DNS).", result.Message);
    }

    [Fact]
    public async Task STARTTLS_is_negotiated_and_listed()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { Tls = TestSmtpTls.StartTls, User = "ada", Password = "pw" });

        var result = await RelayConnectionTest.RunAsync(server.Relay(SmtpSecurity.StartTls, "ada", "pw"), Timeout, CancellationToken.None);

        Assert.True(result.Ok, result.Message);
        Assert.Contains(result.Steps, s => s.StartsWith("STARTTLS negotiated (TLS 1.", StringComparison.Ordinal));
        Assert.Contains("Authenticated as ada", result.Steps);
    }

    [Fact]
    public async Task TLS_on_connect_works_against_an_implicit_TLS_relay()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { Tls = TestSmtpTls.Implicit });

        var result = await RelayConnectionTest.RunAsync(server.Relay(SmtpSecurity.SslOnConnect), Timeout, CancellationToken.None);

        Assert.True(result.Ok, result.Message);
        Assert.Contains(result.Steps, s => s.StartsWith("TLS negotiated on connect (TLS 1.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_self_signed_certificate_is_refused_unless_accepted()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { Tls = TestSmtpTls.StartTls });

        var result = await RelayConnectionTest.RunAsync(server.Relay(SmtpSecurity.StartTls) with { AcceptAnyCertificate = false }, Timeout, CancellationToken.None);

        Assert.Equal(RelayProblem.Tls, result.Problem);
        Assert.StartsWith("TLS failed: the relay's certificate is not trusted", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TLS_on_connect_against_a_plain_relay_fails_in_plain_words()
    {
        await using var server = await TestSmtpServer.StartAsync();

        var result = await RelayConnectionTest.RunAsync(server.Relay(SmtpSecurity.SslOnConnect), Timeout, CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Equal(RelayProblem.Tls, result.Problem);
        Assert.Equal("TLS failed: the relay did not start TLS; it may expect STARTTLS or no encryption on this port.", result.Message);
    }

    [Fact]
    public async Task STARTTLS_against_a_relay_without_it_is_a_TLS_problem()
    {
        await using var server = await TestSmtpServer.StartAsync();

        var result = await RelayConnectionTest.RunAsync(server.Relay(SmtpSecurity.StartTls), Timeout, CancellationToken.None);

        Assert.Equal(RelayProblem.Tls, result.Problem);
        Assert.Equal($"TLS failed: the relay at 127.0.0.1:{server.Port} does not offer STARTTLS.", result.Message);
    }

    [Fact]
    public async Task A_rejected_recipient_is_permanent_and_the_connection_stays_usable()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { RejectedRecipients = new HashSet<string> { "gone@example.com" } });
        var request = SendingFixtures.Request();
        var message = RequestMessageBuilder.Build(request, dkim: null, DateTimeOffset.UtcNow);
        await using var relay = await RelayClient.ConnectAsync(server.Relay(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<RelayException>(() => relay.SendAsync(message, "news@example.com", "gone@example.com", CancellationToken.None));

        Assert.Equal(RelayProblem.Rejected, error.Problem);
        Assert.True(error.Permanent);
        Assert.Equal(550, error.SmtpStatusCode);
        // SmtpServer appends ", N retry(ies) remaining." to its error replies.
        Assert.StartsWith("The relay rejected the recipient: 550 5.1.1 no such user", error.Message, StringComparison.Ordinal);
        Assert.True(relay.IsConnected);
        await relay.SendAsync(message, "news@example.com", "bob@example.com", CancellationToken.None);
        Assert.Equal(["bob@example.com"], Assert.Single(await server.WaitForMessagesAsync(1, SendingFixtures.Wait)).Recipients);
    }

    [Fact]
    public async Task A_deferred_recipient_is_not_permanent()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { DeferredRecipients = new HashSet<string> { "busy@example.com" } });
        var message = RequestMessageBuilder.Build(SendingFixtures.Request(), dkim: null, DateTimeOffset.UtcNow);
        await using var relay = await RelayClient.ConnectAsync(server.Relay(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<RelayException>(() => relay.SendAsync(message, "news@example.com", "busy@example.com", CancellationToken.None));

        Assert.Equal(RelayProblem.Rejected, error.Problem);
        Assert.False(error.Permanent);
        Assert.Equal(450, error.SmtpStatusCode);
    }

    [Fact]
    public async Task A_host_name_is_resolved_and_each_address_tried()
    {
        await using var server = await TestSmtpServer.StartAsync();

        var result = await RelayConnectionTest.RunAsync(server.Relay() with { Host = "localhost" }, Timeout, CancellationToken.None);

        Assert.True(result.Ok, result.Message);
        Assert.StartsWith("Resolved localhost to ", result.Steps[0], StringComparison.Ordinal);
        Assert.Equal($"Connected to localhost:{server.Port}", result.Steps[1]);
    }

    [Fact]
    public async Task A_relay_that_never_greets_times_out()
    {
        // The kernel completes the TCP handshake from the backlog; nobody ever says 220.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;

        var result = await RelayConnectionTest.RunAsync(new RelaySettings("127.0.0.1", port, SmtpSecurity.None, null, null), TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(RelayProblem.Timeout, result.Problem);
        Assert.Equal($"The relay at 127.0.0.1:{port} did not answer in time.", result.Message);
        Assert.Equal([$"Connected to 127.0.0.1:{port}"], result.Steps);
    }

    [Fact]
    public async Task Connecting_with_a_wrong_password_throws_a_relay_exception()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { User = "ada", Password = "s3cret-pw" });

        var error = await Assert.ThrowsAsync<RelayException>(() => RelayClient.ConnectAsync(server.Relay(SmtpSecurity.None, "ada", "nope"), CancellationToken.None));

        Assert.Equal(RelayProblem.Authentication, error.Problem);
        Assert.False(error.Permanent);
    }

    [Fact]
    public async Task One_connection_carries_many_messages()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { Tls = TestSmtpTls.StartTls, User = "ada", Password = "pw" });
        await using var relay = await RelayClient.ConnectAsync(server.Relay(SmtpSecurity.StartTls, "ada", "pw"), CancellationToken.None);

        for (var i = 0; i < 50; i++)
        {
            var request = SendingFixtures.Request() with { VerpId = $"id{i}" };
            var message = RequestMessageBuilder.Build(request, dkim: null, DateTimeOffset.UtcNow);
            await relay.SendAsync(message, RequestMessageBuilder.EnvelopeSender(request.Sender, request.VerpId), request.ToAddress, CancellationToken.None);
        }

        var received = await server.WaitForMessagesAsync(50, SendingFixtures.Wait);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"bounces+id{i}@example.com"), received.Select(r => r.EnvelopeFrom));
    }
}
