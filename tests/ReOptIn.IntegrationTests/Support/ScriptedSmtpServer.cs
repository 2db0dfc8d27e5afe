using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ReOptIn.IntegrationTests.Support;

/// <summary>One DATA transaction as the <see cref="ScriptedSmtpServer"/> saw it, before it decides how to answer.</summary>
/// <param name="Number">1-based, counted over every connection, in the order the DATA commands arrived.</param>
public sealed record ScriptedTransaction(int Number, string From, IReadOnlyList<string> Recipients);

/// <summary>What the server received in one DATA transaction.</summary>
/// <param name="Complete">The whole message arrived (up to the final "."); false when the server dropped the connection mid-DATA.</param>
/// <param name="Reply">What the server answered after the data; null when it closed the connection without answering.</param>
public sealed record ScriptedMessage(int Number, string From, IReadOnlyList<string> Recipients, byte[] Data, bool Complete, string? Reply)
{
    /// <summary>The relay took responsibility for it (a 250 after the data).</summary>
    public bool Accepted => Reply is not null && Reply.StartsWith("250", StringComparison.Ordinal);
}

/// <summary>The faults a <see cref="ScriptedSmtpServer"/> plays.</summary>
public sealed record ScriptedSmtpOptions
{
    /// <summary>Every connection is greeted with "421 4.3.2 …" and closed, as a busy or shutting-down relay does.</summary>
    public bool GreetWith421 { get; init; }

    /// <summary>The greeting; one that does not start with 220 (e.g. "554 5.7.1 … blocked") is followed by closing the connection.</summary>
    public string Greeting { get; init; } = "220 localhost ESMTP scripted";

    /// <summary>EHLO offers AUTH PLAIN LOGIN (any login succeeds unless <see cref="FailAuth"/>).</summary>
    public bool OfferAuth { get; init; }

    /// <summary>AUTH is offered and every login is refused with "535 5.7.8 …".</summary>
    public bool FailAuth { get; init; }

    /// <summary>When set, EHLO offers STARTTLS and the command is answered with this reply (the server speaks no TLS), e.g. "454 4.7.0 TLS not available".</summary>
    public string? StartTlsReply { get; init; }

    /// <summary>RCPT TO replies by recipient address, e.g. "550 5.1.1 no such user"; others get "250 2.1.5 OK".</summary>
    public IReadOnlyDictionary<string, string> RecipientReplies { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// For the transactions it selects (e.g. <c>t =&gt; t.Number == 2</c>, or <c>_ =&gt; true</c> for every one), the
    /// server answers DATA with 354, reads part of the message and closes the connection without a reply:
    /// the RFC 1047 window where the sender cannot know whether the relay took the message.
    /// </summary>
    public Func<ScriptedTransaction, bool>? DropDuringData { get; init; }

    /// <summary>The reply after the data for a transaction, e.g. "451 4.3.0 try later" or "554 5.7.1 rejected"; null means "250 2.0.0 OK".</summary>
    public Func<ScriptedTransaction, string?>? ReplyAfterData { get; init; }

    /// <summary>Awaited when a MAIL command arrives, before it is answered: the sender has claimed the request but sent nothing.</summary>
    public Func<Task>? OnMail { get; init; }

    /// <summary>Awaited part-way through a message's data (after the first few hundred bytes), before reading on.</summary>
    public Func<ScriptedTransaction, Task>? OnMidData { get; init; }

    /// <summary>Awaited when the whole message has arrived, before the reply after the data is written.</summary>
    public Func<ScriptedTransaction, Task>? BeforeAccept { get; init; }

    /// <summary>Awaited after a "250" reply to the data was written: the relay has taken the message.</summary>
    public Func<ScriptedTransaction, Task>? AfterAccept { get; init; }
}

/// <summary>
/// A deliberately small SMTP server on raw TCP (127.0.0.1, a free port) that plays relay faults
/// MailKit must meet: a 421 (or any) greeting, a refused login, a refused or missing STARTTLS, chosen RCPT
/// replies, a connection dropped during DATA, and chosen replies after DATA. It speaks just enough
/// of RFC 5321 for MailKit: greeting, EHLO/HELO (PIPELINING, 8BITMIME, SIZE, optionally AUTH and
/// STARTTLS), AUTH PLAIN/LOGIN, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT. Commands
/// are answered one by one in arrival order, so pipelined MAIL/RCPT/DATA in one packet work.
/// No TLS. Everything it received is in <see cref="Messages"/>.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    /// <summary>Bytes of the message read before a scripted drop (the headers, not the end).</summary>
    private const int BytesBeforeDrop = 300;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ScriptedMessage> _messages = new();
    private readonly ConcurrentDictionary<int, Task> _sessions = new();
    private readonly Task _accepting;
    private int _transactions;
    private int _connections;
    private bool _disposed;

    private ScriptedSmtpServer(ScriptedSmtpOptions options)
    {
        Options = options;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public ScriptedSmtpOptions Options { get; }

    public string Host { get; } = "127.0.0.1";

    public int Port { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Every DATA transaction, completed or dropped, in order.</summary>
    public IReadOnlyList<ScriptedMessage> Messages => [.. _messages];

    public static ScriptedSmtpServer Start(ScriptedSmtpOptions? options = null) => new(options ?? new ScriptedSmtpOptions());

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await Task.WhenAll([_accepting, .. _sessions.Values]).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or IOException or SocketException or ObjectDisposedException)
        {
            // Stopping is all we wanted.
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var id = Interlocked.Increment(ref _connections);
            _sessions[id] = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await new Session(this, client.GetStream()).RunAsync(_stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, or the server is stopping.
            }
            // Leaving the using closes the socket: the end of a session, or a scripted drop.
        }
    }

    /// <summary>One connection's SMTP dialogue.</summary>
    private sealed class Session(ScriptedSmtpServer server, NetworkStream stream)
    {
        private readonly LineReader _in = new(stream);
        private readonly ScriptedSmtpOptions _o = server.Options;
        private string? _from;
        private readonly List<string> _to = [];

        public async Task RunAsync(CancellationToken ct)
        {
            var greeting = _o.GreetWith421 ? "421 4.3.2 Service not available, try again later" : _o.Greeting;
            await ReplyAsync(greeting, ct);
            if (!greeting.StartsWith("220", StringComparison.Ordinal)) return;
            while (await _in.ReadLineAsync(ct) is { } line)
            {
                var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await ReplyAsync(Ehlo(), ct);
                        break;
                    case "HELO":
                        await ReplyAsync("250 localhost", ct);
                        break;
                    case "STAR" when _o.StartTlsReply is not null:
                        await ReplyAsync(_o.StartTlsReply, ct);
                        break;
                    case "AUTH" when _o.OfferAuth || _o.FailAuth:
                        await AuthAsync(line, ct);
                        break;
                    case "MAIL":
                        if (_o.OnMail is not null) await _o.OnMail();
                        _from = Address(line);
                        _to.Clear();
                        await ReplyAsync("250 2.1.0 OK", ct);
                        break;
                    case "RCPT":
                        var to = Address(line);
                        var reply = _o.RecipientReplies.GetValueOrDefault(to, "250 2.1.5 OK");
                        if (reply.StartsWith('2')) _to.Add(to);
                        await ReplyAsync(reply, ct);
                        break;
                    case "DATA":
                        if (!await DataAsync(ct)) return;   // a scripted drop: close without a word
                        break;
                    case "RSET":
                        _from = null;
                        _to.Clear();
                        await ReplyAsync("250 2.0.0 OK", ct);
                        break;
                    case "NOOP":
                        await ReplyAsync("250 2.0.0 OK", ct);
                        break;
                    case "QUIT":
                        await ReplyAsync("221 2.0.0 Bye", ct);
                        return;
                    default:
                        await ReplyAsync("502 5.5.2 Command not implemented", ct);
                        break;
                }
            }
        }

        private string Ehlo()
        {
            var lines = new List<string> { "localhost", "PIPELINING", "8BITMIME", "SIZE 10485760" };
            if (_o.OfferAuth || _o.FailAuth) lines.Add("AUTH PLAIN LOGIN");
            if (_o.StartTlsReply is not null) lines.Add("STARTTLS");
            return string.Join("\r\n", lines.Select((l, i) => (i == lines.Count - 1 ? "250 " : "250-") + l));
        }

        private async Task AuthAsync(string line, CancellationToken ct)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var mechanism = parts.Length > 1 ? parts[1].ToUpperInvariant() : "";
            if (mechanism == "PLAIN")
            {
                if (parts.Length < 3)
                {
                    await ReplyAsync("334 ", ct);
                    await _in.ReadLineAsync(ct);
                }
            }
            else if (mechanism == "LOGIN")
            {
                if (parts.Length < 3)
                {
                    await ReplyAsync("334 VXNlcm5hbWU6", ct);   // "Username:"
                    await _in.ReadLineAsync(ct);
                }
                await ReplyAsync("334 UGFzc3dvcmQ6", ct);       // "Password:"
                await _in.ReadLineAsync(ct);
            }
            else
            {
                await ReplyAsync("504 5.5.4 Unrecognized authentication type", ct);
                return;
            }
            await ReplyAsync(_o.FailAuth ? "535 5.7.8 Authentication credentials invalid" : "235 2.7.0 Authentication successful", ct);
        }

        /// <summary>Returns false after a scripted drop (the caller closes the connection).</summary>
        private async Task<bool> DataAsync(CancellationToken ct)
        {
            if (_from is null || _to.Count == 0)
            {
                await ReplyAsync("554 5.5.1 No valid recipients", ct);
                return true;
            }
            var transaction = new ScriptedTransaction(Interlocked.Increment(ref server._transactions), _from, [.. _to]);
            var drop = _o.DropDuringData?.Invoke(transaction) == true;
            await ReplyAsync("354 End data with <CR><LF>.<CR><LF>", ct);
            using var data = new MemoryStream();
            var complete = false;
            var midDataSeen = false;
            while (!(drop && data.Length >= BytesBeforeDrop) && await _in.ReadLineAsync(ct) is { } line)
            {
                if (!midDataSeen && data.Length >= BytesBeforeDrop && _o.OnMidData is not null)
                {
                    midDataSeen = true;
                    await _o.OnMidData(transaction);
                }
                if (line == ".")
                {
                    complete = true;
                    break;
                }
                var unstuffed = line.StartsWith('.') ? line[1..] : line;   // RFC 5321 4.5.2
                data.Write(Encoding.Latin1.GetBytes(unstuffed + "\r\n"));
            }
            if (complete && !drop && _o.BeforeAccept is not null) await _o.BeforeAccept(transaction);
            var reply = drop || !complete ? null : _o.ReplyAfterData?.Invoke(transaction) ?? "250 2.0.0 OK queued";
            server._messages.Enqueue(new ScriptedMessage(transaction.Number, transaction.From, transaction.Recipients, data.ToArray(), complete, reply));
            _from = null;
            _to.Clear();
            if (reply is null) return false;
            await ReplyAsync(reply, ct);
            if (reply.StartsWith("250", StringComparison.Ordinal) && _o.AfterAccept is not null) await _o.AfterAccept(transaction);
            return true;
        }

        private static string Address(string line)
        {
            var start = line.IndexOf('<', StringComparison.Ordinal);
            var end = line.IndexOf('>', start + 1);
            return start < 0 || end < 0 ? "" : line[(start + 1)..end];
        }

        private async Task ReplyAsync(string reply, CancellationToken ct) =>
            await stream.WriteAsync(Encoding.Latin1.GetBytes(reply + "\r\n"), ct);
    }

    /// <summary>Reads CRLF-terminated lines, keeping whatever a pipelined packet brought beyond the current line.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;

        /// <summary>The next line without its CRLF (Latin-1, so bytes survive), or null at the end of the stream.</summary>
        public async Task<string?> ReadLineAsync(CancellationToken ct)
        {
            var line = new List<byte>();
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await stream.ReadAsync(_buffer, ct);
                    if (_end == 0) return null;
                }
                var b = _buffer[_start++];
                if (b == '\n')
                {
                    if (line.Count > 0 && line[^1] == '\r') line.RemoveAt(line.Count - 1);
                    return Encoding.Latin1.GetString([.. line]);
                }
                line.Add(b);
            }
        }
    }
}
