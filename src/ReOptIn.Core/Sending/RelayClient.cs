using MailKit.Net.Smtp;
using MimeKit;

namespace ReOptIn.Core.Sending;

/// <summary>One open, authenticated connection to a relay, reused for many messages. Not thread-safe: one sender per client.</summary>
public sealed class RelayClient : IAsyncDisposable
{
    /// <summary>How long one SMTP command may take before the relay counts as unresponsive.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly SmtpClient _client;
    private readonly RelayConnector _connector;

    private RelayClient(SmtpClient client, RelayConnector connector)
    {
        _client = client;
        _connector = connector;
    }

    public bool IsConnected => _client.IsConnected;

    /// <exception cref="RelayException">The relay could not be reached, secured or logged into.</exception>
    public static async Task<RelayClient> ConnectAsync(RelaySettings s, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var connector = new RelayConnector(s);
        var client = connector.CreateClient(CommandTimeout);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await connector.OpenAsync(client, steps: null, timeout.Token);
            return new RelayClient(client, connector);
        }
        catch (Exception e) when (connector.Describe(e, timedOut: !ct.IsCancellationRequested) is { } problem && problem != e)
        {
            client.Dispose();
            throw problem;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends with an explicit envelope: MAIL FROM is the (VERP) bounce address, not the From header.</summary>
    /// <exception cref="RelayException">The relay refused the message or the connection broke; see <see cref="RelayException.Permanent"/>.</exception>
    public async Task SendAsync(MimeMessage m, string envelopeFrom, string envelopeTo, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (!MailboxAddress.TryParse(envelopeTo, out var recipient) || !string.IsNullOrEmpty(recipient.Name))
            throw new RelayException(RelayProblem.Rejected, $"The recipient address '{envelopeTo}' is not a valid e-mail address.", permanent: true);
        var sender = MailboxAddress.Parse(envelopeFrom);
        var tracking = (PhaseTrackingSmtpClient)_client;
        tracking.StartMessage();
        try
        {
            await _client.SendAsync(m, sender, [recipient], ct);
        }
        catch (Exception e) when (_connector.Describe(e, timedOut: !ct.IsCancellationRequested) is { } problem && problem != e)
        {
            // A reply code means the relay refused; silence after the recipient was accepted means nobody knows.
            if (problem.SmtpStatusCode is null && tracking.RecipientAccepted)
                throw new RelayException(problem.Problem, problem.Message + " It may have accepted the message first.", permanent: false, null, e) { MayHaveBeenAccepted = true };
            throw problem;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                // QUIT politely but briefly: a dead relay must not hold up shutdown.
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(quit: true, quit.Token);
            }
        }
        catch (Exception e) when (_connector.Describe(e, timedOut: true) is not null)
        {
            // Already gone: nothing to tell anyone.
        }
        finally
        {
            _client.Dispose();
        }
    }
}
