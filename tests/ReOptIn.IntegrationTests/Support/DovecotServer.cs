using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace ReOptIn.IntegrationTests.Support;

/// <summary>
/// A real IMAP server for the tests: Debian's dovecot-imapd, started in the foreground (<c>dovecot -F</c>)
/// with a generated configuration in a temporary folder (no system-wide configuration), one user from a
/// passwd-file, maildir storage in the folder, listening on a free loopback port. Runs as the current
/// user; as root, its processes and mail run as <c>nobody</c> (dovecot refuses root logins).
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "ReOptIn_Test_Dovecot";

    private readonly Process _process;
    private readonly string _root;

    private DovecotServer(Process process, string root, int port)
    {
        _process = process;
        _root = root;
        Port = port;
    }

    /// <summary>The dovecot binary, or null when it is not installed.</summary>
    public static string? Binary { get; } =
        new[] { Environment.GetEnvironmentVariable(EnvironmentVariable), "/usr/sbin/dovecot" }.FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public const string Missing = "dovecot is not installed (Debian: apt-get install dovecot-imapd; .ci/run installs it), or set ReOptIn_Test_Dovecot to its path.";

    public string Host { get; } = "127.0.0.1";

    public int Port { get; }

    public string User { get; } = "bounces";

    public string Password { get; } = "bounce mailbox password";

    public static async Task<DovecotServer> StartAsync()
    {
        var binary = Binary ?? throw new InvalidOperationException(Missing);
        var root = Directory.CreateTempSubdirectory("reoptin-dovecot-").FullName;
        var asRoot = Environment.UserName == "root";
        var (user, group) = asRoot ? ("nobody", await RunAsync("id", "-gn", "nobody")) : (Environment.UserName, await RunAsync("id", "-gn"));
        var uid = await RunAsync("id", "-u", user);
        var gid = await RunAsync("id", "-g", user);
        var port = FreePort.Next();
        foreach (var dir in new[] { "run", "state", "home" }) Directory.CreateDirectory(Path.Combine(root, dir));
        await File.WriteAllTextAsync(Path.Combine(root, "passwd"), "bounces:{PLAIN}bounce mailbox password\n");
        var config = Path.Combine(root, "dovecot.conf");
        await File.WriteAllTextAsync(config, $$"""
            base_dir = {{root}}/run
            state_dir = {{root}}/state
            log_path = {{root}}/dovecot.log
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            default_internal_user = {{user}}
            default_internal_group = {{group}}
            default_login_user = {{user}}
            first_valid_uid = 1
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{root}}/passwd
            }
            userdb {
              driver = static
              args = uid={{uid}} gid={{gid}} home={{root}}/home/%u
            }
            mail_location = maildir:~/Maildir
            namespace inbox {
              inbox = yes
              separator = /
            }
            service imap-login {
              chroot =
              inet_listener imap {
                address = 127.0.0.1
                port = {{port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service anvil {
              chroot =
            }
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (asRoot) await RunAsync("chown", "-R", $"{user}:{group}", root);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var a in new[] { "-F", "-c", config }) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        var server = new DovecotServer(process, root, port);
        try
        {
            await server.WaitReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private async Task WaitReadyAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"dovecot stopped at start ({_process.ExitCode}): {await _process.StandardError.ReadToEndAsync()} {Log()}");
            try
            {
                using var client = await ConnectAsync();
                return;
            }
            catch (Exception e) when (e is SocketException or IOException or ImapProtocolException or AuthenticationException && DateTime.UtcNow < until)
            {
                await Task.Delay(100);
            }
        }
    }

    public string Log()
    {
        var path = Path.Combine(_root, "dovecot.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    /// <summary>A signed-in MailKit client, for putting mail in and looking at what is there.</summary>
    public async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient { Timeout = 10_000 };
        try
        {
            await client.ConnectAsync(Host, Port, SecureSocketOptions.None);
            await client.AuthenticateAsync(User, Password);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Delivers a message into a folder (APPEND), as the mail server in front of the mailbox would.</summary>
    public async Task AppendAsync(byte[] raw, string folder = "INBOX")
    {
        using var client = await ConnectAsync();
        var target = folder == "INBOX" ? client.Inbox : await client.GetFolderAsync(folder);
        using var message = MimeMessage.Load(new MemoryStream(raw));
        await target.AppendAsync(message);
        await client.DisconnectAsync(true);
    }

    /// <summary>The Message-IDs in a folder and their keywords; an empty list when the folder does not exist.</summary>
    public async Task<IReadOnlyList<(string MessageId, IReadOnlySet<string> Keywords, bool Seen)>> ListAsync(string folder = "INBOX")
    {
        using var client = await ConnectAsync();
        IMailFolder target;
        try
        {
            target = folder == "INBOX" ? client.Inbox : await client.GetFolderAsync(folder);
        }
        catch (FolderNotFoundException)
        {
            return [];
        }
        await target.OpenAsync(FolderAccess.ReadOnly);
        var items = await target.FetchAsync(0, -1, MessageSummaryItems.Envelope | MessageSummaryItems.Flags);
        await client.DisconnectAsync(true);
        return [.. items.Select(i => (i.Envelope?.MessageId ?? "", (IReadOnlySet<string>)i.Keywords, i.Flags?.HasFlag(MessageFlags.Seen) == true))];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {await process.StandardError.ReadToEndAsync()}");
        return output.Trim();
    }
}

/// <summary>A test that needs dovecot: skipped, with the reason, only where dovecot is not installed.</summary>
public sealed class DovecotFactAttribute : FactAttribute
{
    public DovecotFactAttribute()
    {
        if (DovecotServer.Binary is null) Skip = DovecotServer.Missing;
    }
}
