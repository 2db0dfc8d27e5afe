using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Sending.Dispatch;

/// <summary>
/// SQLite has one writer at a time. Lanes that race for it make SQLite's busy handler sleep, which
/// costs far more than the writes; queueing the lanes' writes here hands the lock over at once.
/// One queue per database file: writers to another file (a second app host in the same process, as
/// in the integration tests) do not wait for this one. Other providers lock rows, not the database,
/// and pass straight through.
/// </summary>
internal static class WriterGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> ByFile = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> ByConnectionString = new(StringComparer.Ordinal);

    public static Task<IDisposable> EnterAsync(ReOptInDb db, CancellationToken ct) =>
        db.Database.IsSqlite() ? EnterAsync(For(db.Database.GetConnectionString()!), ct) : Task.FromResult<IDisposable>(NoGate.Instance);

    /// <summary>The queue of the SQLite database <paramref name="connectionString"/> names (for a caller that keeps it).</summary>
    public static SemaphoreSlim For(string connectionString) =>
        ByConnectionString.GetOrAdd(connectionString, cs => ByFile.GetOrAdd(FileOf(cs), _ => new SemaphoreSlim(1, 1)));

    public static async Task<IDisposable> EnterAsync(SemaphoreSlim gate, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        return new Release(gate);
    }

    /// <summary>The database file's full path; an in-memory database is its own connection string.</summary>
    private static string FileOf(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || source.Length == 0 || source == ":memory:") return connectionString;
        return source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? source : Path.GetFullPath(source);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }

    private sealed class NoGate : IDisposable
    {
        public static readonly NoGate Instance = new();

        public void Dispose()
        {
        }
    }
}
