using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace ReOptIn.Core.Sending;

/// <summary>
/// Opens an authenticated MailKit connection step by step (resolve, TCP, TLS, AUTH), so each failure
/// can be named and each success listed. Shared by <see cref="RelayClient"/> and <see cref="RelayConnectionTest"/>.
/// </summary>
internal sealed class RelayConnector(RelaySettings settings)
{
    /// <summary>Why the last certificate was refused, for a readable TLS message.</summary>
    public SslPolicyErrors? CertificateErrors { get; private set; }

    public SmtpClient CreateClient(TimeSpan timeout)
    {
        var client = new PhaseTrackingSmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        if (settings.AcceptAnyCertificate) client.CheckCertificateRevocation = false;
        client.ServerCertificateValidationCallback = (_, _, _, errors) =>
        {
            if (settings.AcceptAnyCertificate || errors == SslPolicyErrors.None) return true;
            CertificateErrors = errors;
            return false;
        };
        return client;
    }

    public async Task OpenAsync(SmtpClient client, List<string>? steps, CancellationToken ct)
    {
        var addresses = await ResolveAsync(ct);
        if (!IPAddress.TryParse(settings.Host, out _))
            steps?.Add($"Resolved {settings.Host} to {string.Join(", ", addresses.Select(a => a.ToString()))}");

        var socket = await ConnectSocketAsync(addresses, ct);
        steps?.Add($"Connected to {settings.Host}:{settings.Port}");
        try
        {
            // MailKit takes the connected socket over and runs the greeting, EHLO and any TLS on it.
            await client.ConnectAsync(socket, settings.Host, settings.Port, SocketOptions(settings.Security), ct);
        }
        catch (SmtpCommandException e)
        {
            socket.Dispose();
            throw SessionRefused(client, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        if (settings.Security == SmtpSecurity.StartTls) steps?.Add($"STARTTLS negotiated ({TlsName(client.SslProtocol)})");
        if (settings.Security == SmtpSecurity.SslOnConnect) steps?.Add($"TLS negotiated on connect ({TlsName(client.SslProtocol)})");

        if (string.IsNullOrEmpty(settings.Username)) return;
        if (!client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
            throw new RelayException(RelayProblem.AuthenticationNotOffered, AuthNotOfferedMessage());
        await client.AuthenticateAsync(settings.Username, settings.Password ?? "", ct);
        steps?.Add($"Authenticated as {settings.Username}");
    }

    /// <summary>A relay failure in plain words, or null when <paramref name="e"/> is not one (a bug, or the caller cancelling).</summary>
    public RelayException? Describe(Exception e, bool timedOut)
    {
        var at = $"{settings.Host}:{settings.Port}";
        return e switch
        {
            RelayException relay => relay,
            OperationCanceledException when timedOut => new(RelayProblem.Timeout, $"The relay at {at} did not answer in time.", innerException: e),
            OperationCanceledException => null,
            SslHandshakeException or System.Security.Authentication.AuthenticationException =>
                new(RelayProblem.Tls, $"TLS failed: {TlsDetail(e)}", innerException: e),
            MailKit.Security.AuthenticationException => new(RelayProblem.Authentication, "The relay rejected the user name or password.", innerException: e),
            NotSupportedException when settings.Security == SmtpSecurity.StartTls && e.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase) =>
                new(RelayProblem.Tls, $"TLS failed: the relay at {at} does not offer STARTTLS.", innerException: e),
            NotSupportedException when e.Message.Contains("authentication", StringComparison.OrdinalIgnoreCase) =>
                new(RelayProblem.AuthenticationNotOffered, "The relay offers no login method this app supports.", innerException: e),
            SmtpCommandException command => Rejection(command),
            SocketException socket => Socket(socket, at),
            IOException { InnerException: SocketException socket } => Socket(socket, at),
            TimeoutException => new(RelayProblem.Timeout, $"The relay at {at} did not answer in time.", innerException: e),
            SmtpProtocolException or MailKit.ServiceNotConnectedException or IOException =>
                new(RelayProblem.Disconnected, $"The relay at {at} closed the connection.", innerException: e),
            _ => null,
        };
    }

    /// <summary>
    /// An SMTP reply that ended the session before any message (the greeting, EHLO or STARTTLS): the
    /// relay turned this server away, not a recipient. Never permanent for a request (a 554 greeting must
    /// not fail every request one by one), and the connection is unusable (Refused or Tls), so the lane
    /// stops and defers the rest of its group instead of reconnecting for each request.
    /// </summary>
    private RelayException SessionRefused(SmtpClient client, SmtpCommandException e)
    {
        var at = $"{settings.Host}:{settings.Port}";
        var code = (int)e.StatusCode;
        var reply = $"{code} {e.Message}".Trim();
        // EHLO offered STARTTLS and TLS never started: the reply was STARTTLS's.
        if (settings.Security == SmtpSecurity.StartTls && client.Capabilities.HasFlag(SmtpCapabilities.StartTLS) && !client.IsSecure)
            return new(RelayProblem.Tls, $"TLS failed: the relay at {at} refused to start TLS: {reply}", false, code, e);
        return code is >= 400 and < 500
            ? new(RelayProblem.Refused, $"The relay at {at} is not available at the moment (it turned the connection away): {reply}", false, code, e)
            : new(RelayProblem.Refused, $"The relay at {at} does not accept mail from this server (it turned the connection away): {reply}", false, code, e);
    }

    private static RelayException Rejection(SmtpCommandException e)
    {
        var code = (int)e.StatusCode;
        var reply = $"{code} {e.Message}".Trim();
        // 530/534/535/538: an authentication problem for every message, not this recipient's fault.
        if (code is 530 or 534 or 535 or 538)
            return new(RelayProblem.Authentication, $"The relay requires a valid login: {reply}", false, code, e);
        var what = e.ErrorCode switch
        {
            SmtpErrorCode.RecipientNotAccepted => "the recipient",
            SmtpErrorCode.SenderNotAccepted => "the sender address",
            SmtpErrorCode.MessageNotAccepted => "the message",
            _ => "the command",
        };
        return new(RelayProblem.Rejected, $"The relay rejected {what}: {reply}", code >= 500, code, e);
    }

    private RelayException Socket(SocketException e, string at) => e.SocketErrorCode switch
    {
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain =>
            new(RelayProblem.Dns, $"Could not find the host '{settings.Host}' (DNS).", innerException: e),
        SocketError.ConnectionRefused => new(RelayProblem.Refused, $"The relay at {at} refused the connection.", innerException: e),
        SocketError.TimedOut => new(RelayProblem.Timeout, $"The relay at {at} did not answer in time.", innerException: e),
        SocketError.HostUnreachable or SocketError.NetworkUnreachable =>
            new(RelayProblem.Refused, $"The relay at {at} cannot be reached from this server.", innerException: e),
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown =>
            new(RelayProblem.Disconnected, $"The relay at {at} closed the connection.", innerException: e),
        _ => new(RelayProblem.Other, $"Could not talk to the relay at {at}: {e.Message}", innerException: e),
    };

    private string AuthNotOfferedMessage() => settings.Security == SmtpSecurity.None
        ? "The relay does not offer authentication on this connection; try STARTTLS."
        : "The relay does not offer authentication.";

    private string TlsDetail(Exception e)
    {
        if (CertificateErrors is { } errors)
        {
            if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) return "the relay sent no certificate.";
            if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) return $"the relay's certificate is not for '{settings.Host}'.";
            return "the relay's certificate is not trusted (self-signed, expired or from an unknown authority).";
        }
        return settings.Security == SmtpSecurity.SslOnConnect
            ? "the relay did not start TLS; it may expect STARTTLS or no encryption on this port."
            : $"the TLS handshake did not complete ({(e.InnerException ?? e).Message.TrimEnd('.')}).";
    }

    private async Task<IPAddress[]> ResolveAsync(CancellationToken ct)
    {
        if (IPAddress.TryParse(settings.Host, out var literal)) return [literal];
        var addresses = await Dns.GetHostAddressesAsync(settings.Host, ct);
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        return addresses;
    }

    /// <summary>Tries each address in turn, as MailKit would; the last failure wins.</summary>
    private async Task<Socket> ConnectSocketAsync(IPAddress[] addresses, CancellationToken ct)
    {
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, settings.Port), ct);
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    private static string TlsName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLS 1.3",
        SslProtocols.Tls12 => "TLS 1.2",
        _ => protocol.ToString(),
    };
}
