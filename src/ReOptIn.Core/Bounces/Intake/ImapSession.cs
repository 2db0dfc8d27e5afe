using System.Net.Security;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using ReOptIn.Core.Sending;

namespace ReOptIn.Core.Bounces.Intake;

/// <summary>
/// Opens a bounce mailbox step by step (connect, TLS, sign in, open the folder, find or create the
/// processed folder), so that a failure names its step and each success is listed.
/// Shared by <see cref="MailboxPoller"/> and <see cref="MailboxConnectionTest"/>.
/// </summary>
public sealed class ImapSession : IDisposable
{
    private readonly MailboxSettings _settings;

    private ImapSession(MailboxSettings settings, TimeSpan timeout)
    {
        _settings = settings;
        Client = new ImapClient { Timeout = (int)timeout.TotalMilliseconds };
        Client.ServerCertificateValidationCallback = (_, _, _, errors) => settings.AcceptAnyCertificate || errors == SslPolicyErrors.None;
    }

    public ImapClient Client { get; }

    /// <summary>The folder bounces arrive in, open for reading and writing.</summary>
    public IMailFolder Folder { get; private set; } = null!;

    /// <summary>Where processed messages go; null: they stay, marked \Seen and a keyword.</summary>
    public IMailFolder? Processed { get; private set; }

    /// <summary>Why <see cref="Processed"/> is null although a folder was configured (the server refused to create it, or has no MOVE).</summary>
    public string? ProcessedFallbackReason { get; private set; }

    public bool CanIdle => Client.Capabilities.HasFlag(ImapCapabilities.Idle);

    public List<string> Steps { get; } = [];

    /// <summary>Connects, signs in and opens the folders; throws <see cref="MailboxException"/> naming the failed step.</summary>
    public static async Task<ImapSession> OpenAsync(MailboxSettings settings, TimeSpan timeout, bool createProcessedFolder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var session = new ImapSession(settings, timeout);
        try
        {
            await session.OpenAsync(createProcessedFolder, ct);
            return session;
        }
        catch (Exception e)
        {
            if (e is MailboxException m) m.StepsDone = [.. session.Steps];
            session.Dispose();
            throw;
        }
    }

    private async Task OpenAsync(bool createProcessedFolder, CancellationToken ct)
    {
        var at = $"{_settings.Host}:{_settings.Port}";
        var step = "Connect";
        try
        {
            await Client.ConnectAsync(_settings.Host, _settings.Port, SocketOptions(_settings.Security), ct);
            Steps.Add($"Connected to {at}" + (Client.IsSecure ? $" with TLS ({Client.SslProtocol})" : " (no TLS)"));

            step = "Sign in";
            await Client.AuthenticateAsync(_settings.Username, _settings.Password ?? "", ct);
            Steps.Add($"Signed in as {_settings.Username}");

            step = "Open folder";
            Folder = await FindAsync(_settings.Folder, create: false, ct)
                ?? throw new MailboxException(step, $"There is no folder “{_settings.Folder}” in this mailbox.");
            await Folder.OpenAsync(FolderAccess.ReadWrite, ct);
            Steps.Add($"Opened {Folder.FullName} ({Folder.Count} message(s)); the server {(CanIdle ? "offers IDLE: new bounces are read as they arrive" : "has no IDLE: the folder is polled")}");

            step = "Processed folder";
            await OpenProcessedAsync(createProcessedFolder, ct);
        }
        catch (MailboxException)
        {
            throw;
        }
        catch (Exception e) when (Describe(e, step, at, ct) is { } problem)
        {
            throw problem;
        }
    }

    private async Task OpenProcessedAsync(bool create, CancellationToken ct)
    {
        var name = _settings.ProcessedFolder;
        if (name is null)
        {
            Steps.Add($"Processed messages stay in {Folder.FullName}, marked \\Seen and {BounceMailbox.ProcessedKeyword} (no processed folder is set)");
            return;
        }
        if (!Client.Capabilities.HasFlag(ImapCapabilities.Move))
        {
            ProcessedFallbackReason = "the server cannot MOVE messages";
            Steps.Add($"The server cannot MOVE messages: processed ones stay in {Folder.FullName}, marked \\Seen and {BounceMailbox.ProcessedKeyword}");
            return;
        }
        try
        {
            Processed = await FindAsync(name, create, ct);
        }
        catch (ImapCommandException e)
        {
            ProcessedFallbackReason = $"the server refused to create “{name}” ({e.ResponseText.Trim()})";
        }
        if (Processed is not null) Steps.Add($"Processed messages are moved to {Processed.FullName}");
        else if (ProcessedFallbackReason is not null) Steps.Add($"Processed messages stay in {Folder.FullName}, marked \\Seen and {BounceMailbox.ProcessedKeyword}: {ProcessedFallbackReason}");
        else Steps.Add($"The folder “{name}” does not exist yet; it is created at the first look");
    }

    /// <summary>A folder by its path with '/' between levels, whatever separator the server uses; created level by level when asked.</summary>
    private async Task<IMailFolder?> FindAsync(string path, bool create, CancellationToken ct)
    {
        if (path.Equals("INBOX", StringComparison.OrdinalIgnoreCase)) return Client.Inbox;
        IMailFolder folder = Client.GetFolder(Client.PersonalNamespaces[0])
            ?? throw new MailboxException("Open folder", "The server lists no personal folders.");
        foreach (var level in path.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                folder = (level.Equals("INBOX", StringComparison.OrdinalIgnoreCase) && folder.ParentFolder is null ? Client.Inbox : null)
                    ?? await folder.GetSubfolderAsync(level, ct);
            }
            catch (FolderNotFoundException)
            {
                if (!create) return null;
                folder = await folder.CreateAsync(level, isMessageFolder: true, ct)
                    ?? throw new MailboxException("Processed folder", $"The server did not create “{level}”.");
            }
        }
        return folder;
    }

    /// <summary>A failure in plain words, or null when <paramref name="e"/> is a bug or the caller cancelling.</summary>
    public static MailboxException? Describe(Exception e, string step, string at, CancellationToken callerToken) => e switch
    {
        MailboxException m => m,
        OperationCanceledException when !callerToken.IsCancellationRequested => new(step, $"The server at {at} did not answer in time.", e),
        OperationCanceledException => null,
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } =>
            new(step, $"Could not find the host {at.Split(':')[0]} (DNS).", e),
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => new(step, $"The server at {at} refused the connection.", e),
        SocketException { SocketErrorCode: SocketError.TimedOut } or TimeoutException => new(step, $"The server at {at} did not answer in time.", e),
        SocketException s => new(step, $"Could not reach the server at {at}: {s.Message}", e),
        SslHandshakeException or System.Security.Authentication.AuthenticationException =>
            new("TLS", $"TLS with {at} failed: the certificate is not trusted, or the port does not speak TLS this way (993: TLS on connect; 143: STARTTLS).", e),
        NotSupportedException when e.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase) => new("TLS", $"The server at {at} does not offer STARTTLS.", e),
        MailKit.Security.AuthenticationException => new(step, "The server rejected the user name or password.", e),
        FolderNotFoundException f => new(step, $"There is no folder “{f.FolderName}” in this mailbox.", e),
        ImapCommandException c => new(step, $"The server refused: {c.ResponseText.Trim()}", e),
        ImapProtocolException or ServiceNotConnectedException or IOException => new(step, $"The server at {at} closed the connection.", e),
        _ => null,
    };

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    public void Dispose()
    {
        if (Client.IsConnected)
        {
            try
            {
                Client.Disconnect(quit: true);
            }
            catch (Exception e) when (e is IOException or ImapProtocolException or SocketException or OperationCanceledException)
            {
                // Leaving anyway.
            }
        }
        Client.Dispose();
    }
}
