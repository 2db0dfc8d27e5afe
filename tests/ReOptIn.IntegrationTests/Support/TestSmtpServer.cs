using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using ReOptIn.Core.Sending;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ReOptIn.IntegrationTests.Support;

public enum TestSmtpTls
{
    None,
    StartTls,
    Implicit,
}

/// <summary>How a <see cref="TestSmtpServer"/> behaves.</summary>
public sealed record TestSmtpServerOptions
{
    /// <summary>When set (with <see cref="Password"/>), AUTH is offered and only this login succeeds.</summary>
    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>Offer AUTH before TLS (real relays often do not).</summary>
    public bool AllowAuthWithoutTls { get; init; } = true;

    public TestSmtpTls Tls { get; init; }

    /// <summary>Recipients answered with "550 5.1.1 no such user".</summary>
    public IReadOnlySet<string> RejectedRecipients { get; init; } = new HashSet<string>();

    /// <summary>Recipients answered with "450 4.2.1 mailbox busy, try again later".</summary>
    public IReadOnlySet<string> DeferredRecipients { get; init; } = new HashSet<string>();
}

/// <summary>One message as the server received it: the envelope and the parsed data.</summary>
public sealed record ReceivedMessage(string EnvelopeFrom, IReadOnlyList<string> Recipients, byte[] Raw)
{
    public MimeMessage Message { get; } = MimeMessage.Load(new MemoryStream(Raw));
}

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a free port, collecting what it
/// receives. Optional login, STARTTLS or implicit TLS with a certificate made for the test.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedMessage> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stop = new();
    private bool _disposed;
    private readonly X509Certificate2? _certificate;
    private SmtpServer.SmtpServer? _server;
    private Task _running = Task.CompletedTask;

    private TestSmtpServer(TestSmtpServerOptions options)
    {
        Options = options;
        if (options.Tls != TestSmtpTls.None) _certificate = CreateCertificate();
    }

    public TestSmtpServerOptions Options { get; }

    public string Host { get; } = "127.0.0.1";

    public int Port { get; private set; }

    public IReadOnlyList<ReceivedMessage> Received => [.. _received];

    public static async Task<TestSmtpServer> StartAsync(TestSmtpServerOptions? options = null)
    {
        var server = new TestSmtpServer(options ?? new TestSmtpServerOptions());
        await server.StartCoreAsync();
        return server;
    }

    /// <summary>Settings a <see cref="RelayClient"/> needs to reach this server.</summary>
    public RelaySettings Relay(SmtpSecurity security = SmtpSecurity.None, string? user = null, string? password = null) =>
        new(Host, Port, security, user, password) { AcceptAnyCertificate = true };

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (_received.Count < count)
        {
            try
            {
                await _arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} message(s) within {timeout.TotalSeconds} s; got {_received.Count}.");
            }
        }
        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        // A test may stop the server early to play a relay that went away; the fixture stops it again.
        if (_disposed) return;
        _disposed = true;
        await _stop.CancelAsync();
        _server?.Shutdown();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Stopping is all we wanted.
        }
        _stop.Dispose();
        _arrived.Dispose();
        _certificate?.Dispose();
    }

    private async Task StartCoreAsync()
    {
        var listeners = new NoDelayEndpointListenerFactory();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, 0))
                    .IsSecure(Options.Tls == TestSmtpTls.Implicit)
                    .AllowUnsecureAuthentication(Options.AllowAuthWithoutTls)
                    .SupportedSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13);
                if (_certificate is not null) endpoint.Certificate(_certificate);
            })
            .Build();

        var services = new ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(this));
        services.Add(new RecipientFilter(Options));
        if (Options.User is not null)
        {
            services.Add(new DelegatingUserAuthenticator((user, password) =>
                user == Options.User && password == Options.Password));
        }

        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
        var bound = await listeners.Bound.WaitAsync(TimeSpan.FromSeconds(10));
        Port = bound.Port;
    }

    private void Add(ReceivedMessage message)
    {
        _received.Enqueue(message);
        _arrived.Release();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PKCS#12 so SslStream gets a certificate with a usable private key on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private sealed class Store(TestSmtpServer owner) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            owner.Add(new ReceivedMessage(
                transaction.From.AsAddress(),
                [.. transaction.To.Select(to => to.AsAddress())],
                buffer.ToArray()));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private sealed class RecipientFilter(TestSmtpServerOptions options) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            if (options.RejectedRecipients.Contains(to.AsAddress()))
                throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 no such user"));
            if (options.DeferredRecipients.Contains(to.AsAddress()))
                throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.Unavailable, "4.2.1 mailbox busy, try again later"));
            return Task.FromResult(true);
        }
    }
}
