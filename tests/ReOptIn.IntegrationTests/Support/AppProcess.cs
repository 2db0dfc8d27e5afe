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
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process, Uri baseAddress)
    {
        _process = process;
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
        return new AppProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."), address);
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

    /// <summary>Waits until <c>/health</c> answers 200 (the database migrated, the app listening).</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan? limit = null)
    {
        using var http = CreateClient();
        var until = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited with code {_process.ExitCode}. Its output:\n{Output}");
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > until) throw new TimeoutException($"The app did not become healthy. Its output:\n{Output}");
            await Task.Delay(100);
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

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReOptIn.sln"))) return dir.FullName;
        throw new InvalidOperationException("ReOptIn.sln not found above " + AppContext.BaseDirectory);
    }
}
