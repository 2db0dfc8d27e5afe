using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Sending.Dispatch;

/// <summary>
/// SQLite has one writer at a time. Lanes that race for it make SQLite's busy handler sleep, which
/// costs far more than the writes; queueing the lanes' writes here hands the lock over at once.
/// Other providers lock rows, not the database, and pass straight through.
/// </summary>
internal static class WriterGate
{
    private static readonly SemaphoreSlim Sqlite = new(1, 1);

    public static Task<IDisposable> EnterAsync(ReOptInDb db, CancellationToken ct) => EnterAsync(db.Database.IsSqlite(), ct);

    /// <summary>For a caller that knows its provider: asking a fresh context starts up its services.</summary>
    public static async Task<IDisposable> EnterAsync(bool sqlite, CancellationToken ct)
    {
        if (!sqlite) return NoGate.Instance;
        await Sqlite.WaitAsync(ct);
        return new Release();
    }

    private sealed class Release : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) Sqlite.Release();
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
