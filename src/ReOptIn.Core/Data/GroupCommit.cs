using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReOptIn.Core.Sending.Dispatch;

namespace ReOptIn.Core.Data;

/// <summary>A small unit of work: it writes through the context it is given and saves nothing itself.</summary>
public delegate Task<T> UnitOfWork<T>(ReOptInDb db, CancellationToken ct);

/// <summary>
/// Runs small write transactions from web requests (a visit, a confirmation, a decline) so that
/// SQLite keeps up with many at once. SQLite has one writer and every commit waits for the disk
/// (<c>synchronous=FULL</c>); requests racing for the lock make its busy handler sleep. Here the
/// units of all waiting requests run one after another on one connection, in one transaction,
/// each inside its own savepoint (a unit that throws is rolled back alone), and one commit makes
/// them all durable. Each caller gets its result only after that commit, so nothing is answered
/// before it is on disk. On PostgreSQL and SQL Server, which lock rows and commit in parallel, a
/// unit runs at once in its own transaction on the caller's context. See ADR-0010.
/// </summary>
public sealed class GroupCommit(IServiceScopeFactory scopes, DatabaseOptions database, ILogger<GroupCommit> log) : BackgroundService
{
    // From the options rather than the caller's context: asking a fresh context its provider starts up
    // its services, which the landing page (ADR-0020) otherwise never needs on SQLite.
    private readonly bool _sqlite = database.Provider == DatabaseProvider.Sqlite;

    // The database's writer queue, shared with the app's other SQLite writers (WriterGate).
    private readonly SemaphoreSlim? _gate = database.Provider == DatabaseProvider.Sqlite ? WriterGate.For(database.ConnectionString) : null;

    /// <summary>Units per transaction at most: enough to absorb a burst, few enough to keep latency low.</summary>
    private const int MaxUnits = 256;

    private readonly Channel<IPendingUnit> _queue = Channel.CreateUnbounded<IPendingUnit>(new UnboundedChannelOptions { SingleReader = true });

    public async Task<T> RunAsync<T>(ReOptInDb callerDb, UnitOfWork<T> work, CancellationToken ct)
    {
        if (!_sqlite) return await RunAloneAsync(callerDb, work, ct);
        var unit = new PendingUnit<T>(work);
        await _queue.Writer.WriteAsync(unit, ct);
        // The caller may give up waiting (a closed connection); the unit is still committed or not as a whole.
        return await unit.Result.WaitAsync(ct);
    }

    private static async Task<T> RunAloneAsync<T>(ReOptInDb db, UnitOfWork<T> work, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await work(db, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<IPendingUnit>(MaxUnits);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxUnits && _queue.Reader.TryRead(out var unit)) batch.Add(unit);
                await RunBatchAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: units still queued were never started; their callers see the cancellation.
        }
        _queue.Writer.TryComplete();
        await DropContextAsync();
        foreach (var unit in batch) unit.Fail(new OperationCanceledException("The app is stopping."));
        while (_queue.Reader.TryRead(out var unit)) unit.Fail(new OperationCanceledException("The app is stopping."));
    }

    // The batches' context and its connection, kept open from one batch to the next (the statements the
    // units prepare stay prepared, PlainCommands) and dropped after a failure, which may have broken them.
    private AsyncServiceScope? _scope;
    private ReOptInDb? _db;

    private async Task<ReOptInDb> ContextAsync(CancellationToken ct)
    {
        if (_db is not null) return _db;
        var scope = scopes.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            await db.Database.OpenConnectionAsync(ct);
            (_scope, _db) = (scope, db);
            return db;
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    private async Task DropContextAsync()
    {
        var scope = _scope;
        (_scope, _db) = (null, null);
        if (scope is { } s) await s.DisposeAsync();
    }

    private async Task RunBatchAsync(List<IPendingUnit> batch, CancellationToken ct)
    {
        try
        {
            var db = await ContextAsync(ct);
            using var gate = await WriterGate.EnterAsync(_gate!, ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // The savepoints as plain statements, prepared once for the connection: EF's savepoint calls build
            // and prepare one per call. Units run one after another, so one name serves them all.
            for (var i = 0; i < batch.Count; i++)
            {
                await PlainCommands.ExecuteAsync(db, "SAVEPOINT unit", [], ct);
                try
                {
                    await batch[i].RunAsync(db, ct);
                    // Units that wrote with plain statements (a visit, a confirmation) have nothing tracked to save.
                    if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
                    await PlainCommands.ExecuteAsync(db, "RELEASE unit", [], ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    await PlainCommands.ExecuteAsync(db, "ROLLBACK TO unit", [], ct);
                    batch[i].Fail(e);
                }
                finally
                {
                    db.ChangeTracker.Clear();
                }
            }
            await tx.CommitAsync(ct);
            foreach (var unit in batch) unit.Complete();
        }
        catch (Exception e)
        {
            // The commit (or the transaction) failed: nothing of the batch was written.
            if (e is not OperationCanceledException) log.LogError(e, "A group of {Count} writes failed to commit", batch.Count);
            foreach (var unit in batch) unit.Fail(e);
            await DropContextAsync();
        }
    }

    private interface IPendingUnit
    {
        Task RunAsync(ReOptInDb db, CancellationToken ct);

        /// <summary>The batch committed: hand the unit's result to its caller (unless it already failed).</summary>
        void Complete();

        void Fail(Exception e);
    }

    private sealed class PendingUnit<T>(UnitOfWork<T> work) : IPendingUnit
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _value;
        private bool _ran;

        public Task<T> Result => _result.Task;

        public async Task RunAsync(ReOptInDb db, CancellationToken ct)
        {
            _value = await work(db, ct);
            _ran = true;
        }

        public void Complete()
        {
            if (_ran) _result.TrySetResult(_value!);
        }

        public void Fail(Exception e) => _result.TrySetException(e);
    }
}
