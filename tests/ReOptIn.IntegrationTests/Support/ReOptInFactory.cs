using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Data;

namespace ReOptIn.IntegrationTests.Support;

/// <summary>
/// The real app on a real database: a new SQLite file, or a new PostgreSQL database. Logs go to a
/// file of its own (read by the masking tests), not to the console.
/// </summary>
public sealed class ReOptInFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    // Each host watches appsettings*.json for changes with an inotify instance; with many hosts alive at
    // once the user's limit (128 on these machines) ran out and hosts failed to start. Tests never edit
    // those files, so no host of this process watches them.
    static ReOptInFactory() => Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");

    private ReOptInFactory(DatabaseProvider provider, string connectionString, string folder, IDictionary<string, string?>? extra)
    {
        Provider = provider;
        Folder = folder;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["Database:MigrateOnStartup"] = "true",
            ["ConnectionStrings:ReOptIn"] = connectionString,
            ["Logs:Console"] = "false",
            ["Logs:File"] = Path.Combine(folder, "logs", "reoptin-.log"),
            ["Imports:Folder"] = Path.Combine(folder, "uploads"),
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) _settings[k] = v;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The configuration this instance runs with (an <see cref="AppProcess"/> can run the same app out of process).</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>A temporary folder of this app instance: its SQLite file and its logs.</summary>
    public string Folder { get; }

    public string SqliteFile => Path.Combine(Folder, "reoptin.db");

    public static ReOptInFactory Sqlite(IDictionary<string, string?>? settings = null)
    {
        var folder = NewFolder();
        return new ReOptInFactory(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "reoptin.db")}", folder, settings);
    }

    public static async Task<ReOptInFactory> PostgreSqlAsync(IDictionary<string, string?>? settings = null)
    {
        var folder = NewFolder();
        return new ReOptInFactory(DatabaseProvider.PostgreSql, await PostgresServer.CreateDatabaseAsync(), folder, settings);
    }

    /// <summary>The app on a PostgreSQL database reached through <paramref name="connectionString"/> (e.g. through a <see cref="TcpProxy"/>).</summary>
    public static ReOptInFactory PostgreSql(string connectionString, IDictionary<string, string?>? settings = null) =>
        new(DatabaseProvider.PostgreSql, connectionString, NewFolder(), settings);

    /// <summary>A second app instance on the same database (a restart, or another machine).</summary>
    public ReOptInFactory Twin(IDictionary<string, string?>? settings = null)
    {
        var merged = new Dictionary<string, string?>(_settings);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) merged[k] = v;
        return new ReOptInFactory(Provider, merged["ConnectionStrings:ReOptIn"]!, Folder, merged);
    }

    /// <summary>Folders outlive their app (tests read logs after a stop) and go when the test process ends.</summary>
    private static string NewFolder()
    {
        var folder = Directory.CreateTempSubdirectory("reoptin-test-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        };
        return folder;
    }

    public string ReadLogs()
    {
        var dir = Path.Combine(Folder, "logs");
        if (!Directory.Exists(dir)) return "";
        return string.Concat(Directory.GetFiles(dir).Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }));
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Provider == DatabaseProvider.Sqlite)
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
