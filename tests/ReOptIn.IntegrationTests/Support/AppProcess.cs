using System.Diagnostics;
using System.Text;

namespace ReOptIn.IntegrationTests.Support;

/// <summary>
/// The real app in a process of its own (<c>dotnet ReOptIn.Web.dll</c>), with a given configuration,
/// so that a drill can kill it with SIGKILL as a crash or an OOM killer would: no disposal, no
/// finally blocks, no flushing. <see cref="ReOptInFactory"/> runs in the test's process and cannot die
/// that way.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    /// <summary>
    /// How long a start may take before /health answers. Without quick JIT (ADR-0021) a start costs about
    /// 10 s of CPU; on the shared 2-core machine it took 53 s at load average 16 and 136 s with the app's
    /// core shared by three busy loops besides (load 22). Generous for a loaded machine, yet a hung start fails.
    /// </summary>
    public static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(4);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Stopwatch _running = Stopwatch.StartNew();
    private readonly AppLog _log;
    private TimeSpan? _healthyAfter;

    private AppProcess(Process process, Uri baseAddress, AppLog log)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// Starts the app with <paramref name="settings"/> (configuration keys such as <c>Sending:Lease</c>, or
    /// environment variables such as <c>ASPNETCORE_TEMP</c>) on a free loopback port, or on <paramref name="port"/>.
    /// </summary>
    public static AppProcess Start(IReadOnlyDictionary<string, string?> settings, int? port = null)
    {
        var address = new Uri($"http://127.0.0.1:{port ?? FreePort.Next()}");
        var start = StartInfo(settings);
        start.Environment["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/');
        var log = AppLog.From(settings, start.WorkingDirectory);
        return new AppProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."), address, log);
    }

    /// <summary>Runs the app with a command (such as <c>export-hash-key</c>) and returns its exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunCommandAsync(IReadOnlyDictionary<string, string?> settings, string command)
    {
        var start = StartInfo(settings);
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);   // a command that hangs must not outlive the test
            throw;
        }
        return (process.ExitCode, await output, await errors);
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // The content root: appsettings.json and wwwroot, as `dotnet run` would use them.
            WorkingDirectory = Path.Combine(RepositoryRoot(), "src", "ReOptIn.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ReOptIn.Web.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return start;
    }

    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client of this process, with the bootstrap API key when <paramref name="apiKey"/> is given.</summary>
    public HttpClient CreateClient(string? apiKey = null)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null) http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return http;
    }

    /// <summary>Waits until <c>/health</c> answers 200 (the database migrated, the app listening), at most <see cref="StartLimit"/>.</summary>
    public Task WaitUntilHealthyAsync() => WaitUntilAsync(() => _healthyAfter is not null, "/health to answer 200", TimeSpan.Zero);

    /// <summary>
    /// Waits until <paramref name="done"/> holds: first for the app to start (judged by <c>/health</c>, at most
    /// <see cref="StartLimit"/>, since a start on a loaded machine is slow), then at most <paramref name="afterStart"/>
    /// more. Fails at once if the app exits first, and every failure says what it waited for, how far the
    /// app got (<paramref name="progress"/>: the caller's view, read at the failure), and what the app wrote.
    /// </summary>
    public async Task WaitUntilAsync(Func<bool> done, string what, TimeSpan afterStart, Func<string>? progress = null)
    {
        using var http = CreateClient();
        http.Timeout = TimeSpan.FromSeconds(20);
        while (!done())
        {
            if (_process.HasExited)
            {
                // A drill sets its signal just after it killed the app: give that a moment before calling it a failure.
                for (var i = 0; i < 20 && !done(); i++) await Task.Delay(100);
                if (done()) return;
                throw new InvalidOperationException(Describe(Waiting()));
            }
            if (_healthyAfter is null && await AnswersHealthAsync(http)) _healthyAfter = _running.Elapsed;
            var limit = _healthyAfter is { } healthy ? healthy + afterStart : StartLimit;
            if (_running.Elapsed > limit && !done()) throw new TimeoutException(Describe(Waiting()));
            await Task.Delay(100);
        }

        string Waiting() => progress is null ? $"waiting for {what}" : $"waiting for {what} ({progress()})";
    }

    /// <summary>How long the app took to answer <c>/health</c> (null while it has not); for a drill's log, not for assertions.</summary>
    public TimeSpan? HealthyAfter => _healthyAfter;

    /// <summary>
    /// A failure message: what the caller gave up on, how long the app had run, whether /health answered,
    /// how it exited, its stdout and stderr, and what it wrote to its log file since it started (the tests
    /// turn console logging off, so the log file is where the app's own lines are).
    /// </summary>
    public string Describe(string gaveUp)
    {
        var state = _process.HasExited ? $"had exited with code {_process.ExitCode}" : "was still running";
        var health = _healthyAfter is { } h ? $"/health answered after {h.TotalSeconds:0.0} s" : $"/health never answered (start limit {StartLimit.TotalSeconds:0} s)";
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
        var output = Output is { Length: > 0 } written ? written : "(nothing)";
        var log = _log.WrittenSinceStart() is { Length: > 0 } logged ? logged : "(nothing)";
        return $"""
            Gave up {gaveUp}: {_running.Elapsed.TotalSeconds:0.0} s after its start the app (pid {_process.Id}) {state}; {health}. Load average: {load}.
            Its stdout and stderr:
            {output}
            Its log since it started ({_log.Folder ?? "no log file configured"}):
            {log}
            """;
    }

    private static async Task<bool> AnswersHealthAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/health");
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;   // not listening yet, or too slow to answer this probe
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote to stdout and stderr so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>SIGKILL, and wait until the process is gone.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>
    /// The app's log folder (<c>Logs:File</c>) and the length of each file in it at the start, so that a
    /// failure shows only what this process wrote (an earlier in-process host may share the folder).
    /// Serilog's file sink flushes every event, so the lines survive a SIGKILL.
    /// </summary>
    private sealed class AppLog
    {
        private const int MaxLines = 120;
        private readonly Dictionary<string, long> _lengthsAtStart;

        private AppLog(string? folder)
        {
            Folder = folder;
            _lengthsAtStart = folder is not null && Directory.Exists(folder)
                ? Directory.GetFiles(folder).ToDictionary(f => f, f => new FileInfo(f).Length)
                : [];
        }

        public string? Folder { get; }

        public static AppLog From(IReadOnlyDictionary<string, string?> settings, string contentRoot) =>
            new(settings.TryGetValue("Logs:File", out var file) && !string.IsNullOrWhiteSpace(file)
                ? Path.GetDirectoryName(Path.Combine(contentRoot, file))
                : null);

        public string WrittenSinceStart()
        {
            if (Folder is null || !Directory.Exists(Folder)) return "";
            var lines = new List<string>();
            foreach (var file in Directory.GetFiles(Folder).Order(StringComparer.Ordinal))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.Seek(Math.Min(_lengthsAtStart.GetValueOrDefault(file), stream.Length), SeekOrigin.Begin);
                using var reader = new StreamReader(stream);
                while (reader.ReadLine() is { } line) lines.Add(line);
            }
            var skipped = Math.Max(0, lines.Count - MaxLines);
            return (skipped > 0 ? $"({skipped} earlier lines left out)\n" : "") + string.Join('\n', lines.Skip(skipped));
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReOptIn.sln"))) return dir.FullName;
        throw new InvalidOperationException("ReOptIn.sln not found above " + AppContext.BaseDirectory);
    }
}
