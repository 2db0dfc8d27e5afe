using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.Core.Sending.Dispatch;

namespace ReOptIn.Core.Bounces.Uploads;

/// <summary>
/// Runs queued bounce uploads, in every app instance, the way <see cref="ImportWorker"/> runs imports:
/// a job is claimed with a conditional update (one winner) and a lease the runner renews as it saves
/// progress; a job whose lease ran out (its process died) is claimed again and goes on from its saved
/// position. Only an instance that can see the stored file claims the job. The claim, lease and limits
/// are the imports' (<see cref="ImportOptions.Lease"/>, <see cref="ImportOptions.PollInterval"/>, <see cref="ImportOptions.MaxAttempts"/>).
/// </summary>
public sealed class BounceUploadWorker(IServiceScopeFactory scopes, ImportOptions options, BounceUploadSignal signal, TimeProvider clock,
    ILogger<BounceUploadWorker> log) : BackgroundService
{
    /// <summary>Who holds a claim: machine, process and this worker (two app hosts in one process differ).</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    // Stored files no job needs (cancelled on another instance, or left by a crash between storing and queuing) hold
    // people's addresses: they are deleted once this old, at start and every hour.
    private static readonly TimeSpan OrphanAge = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long? lastSweep = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var ran = false;
            try
            {
                if (lastSweep is null || clock.GetElapsedTime(lastSweep.Value) >= OrphanAge)
                {
                    lastSweep = clock.GetTimestamp();
                    await DeleteOrphansAsync(stoppingToken);
                }
                ran = await RunNextAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The database may be unreachable for a while: wait and try again; a claimed job goes on after its lease.
            catch (Exception e)
#pragma warning restore CA1031
            {
                log.LogWarning(e, "The bounce upload worker could not go on; retrying.");
            }
            if (ran) continue;
            try
            {
                await signal.WaitAsync(options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DeleteOrphansAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime - OrphanAge;
        var old = Directory.EnumerateFiles(options.Folder, "bounces-*.mail").Where(f => File.GetLastWriteTimeUtc(f) < before).ToList();
        if (old.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var needed = (await db.BounceUploadJobs.Where(j => j.State == BounceUploadState.Queued || j.State == BounceUploadState.Running)
            .Select(j => j.StoredPath).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var file in old.Where(f => !needed.Contains(f)))
        {
            if (StoredUpload.TryDelete(file, log))
                log.LogInformation("Deleted the bounce upload {File}: no job needs it.", Path.GetFileName(file));
        }
    }

    private async Task<bool> RunNextAsync(CancellationToken stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var candidates = await db.BounceUploadJobs.AsNoTracking()
            .Where(j => j.State == BounceUploadState.Queued || (j.State == BounceUploadState.Running && j.LeaseExpiresAt < now))
            .OrderBy(j => j.Id).Select(j => new { j.Id, j.StoredPath }).Take(20).ToListAsync(stop);

        foreach (var candidate in candidates.Where(c => File.Exists(c.StoredPath)))
        {
            var leaseUntil = now + options.Lease;
            int claimed;
            using (await WriterGate.EnterAsync(db, stop))
            {
                claimed = await db.BounceUploadJobs
                    .Where(j => j.Id == candidate.Id && (j.State == BounceUploadState.Queued || (j.State == BounceUploadState.Running && j.LeaseExpiresAt < now)))
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(j => j.State, BounceUploadState.Running)
                        .SetProperty(j => j.LeaseOwner, InstanceId)
                        .SetProperty(j => j.LeaseExpiresAt, leaseUntil)
                        .SetProperty(j => j.StartedAt, j => j.StartedAt ?? now)
                        .SetProperty(j => j.Attempts, j => j.Attempts + 1), stop);
            }
            if (claimed != 1) continue;

            var job = await db.BounceUploadJobs.AsNoTracking().SingleAsync(j => j.Id == candidate.Id, stop);
            var runner = scope.ServiceProvider.GetRequiredService<BounceUploadRunner>();
            if (job.Attempts > options.MaxAttempts)
            {
                await runner.GiveUpAsync(job, InstanceId, stop);
                return true;
            }
            try
            {
                await runner.RunAsync(job, InstanceId, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Shutting down: hand the job back at once (it goes on from its saved position) rather than leaving it to its lease.
                using (await WriterGate.EnterAsync(db, CancellationToken.None))
                {
                    await db.BounceUploadJobs.Where(j => j.Id == job.Id && j.LeaseOwner == InstanceId && j.State == BounceUploadState.Running)
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(j => j.State, BounceUploadState.Queued)
                            .SetProperty(j => j.LeaseOwner, (string?)null)
                            .SetProperty(j => j.Attempts, j => j.Attempts - 1), CancellationToken.None);
                }
                throw;
            }
            return true;
        }
        return false;
    }
}
