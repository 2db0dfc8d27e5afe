using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Importing;

/// <summary>
/// Runs queued imports, in every app instance. A job is claimed with a conditional update (one
/// winner among instances) and a lease that the runner renews every second; a job whose lease ran
/// out (its process died) is claimed again and re-run from the start. Only an instance that can see
/// the uploaded file claims the job, so without shared storage the receiving instance runs it.
/// </summary>
public sealed class ImportWorker(IServiceScopeFactory scopes, ImportOptions options, ImportSignal signal, TimeProvider clock, ILogger<ImportWorker> log) : BackgroundService
{
    public static readonly string InstanceId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var ran = false;
            try
            {
                ran = await RunNextAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be unreachable for a while: wait and try again, losing nothing.
                log.LogWarning(e, "The import worker could not check for work; retrying.");
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

    private async Task<bool> RunNextAsync(CancellationToken stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var candidates = await db.ImportJobs.AsNoTracking()
            .Where(j => j.Status == ImportStatus.Queued || (j.Status == ImportStatus.Running && j.LeaseExpiresAt < now))
            .OrderBy(j => j.Id).Select(j => new { j.Id, j.StoredPath }).Take(20).ToListAsync(stop);

        foreach (var candidate in candidates.Where(c => File.Exists(c.StoredPath)))
        {
            var leaseUntil = now + options.Lease;
            var claimed = await db.ImportJobs
                .Where(j => j.Id == candidate.Id && (j.Status == ImportStatus.Queued || (j.Status == ImportStatus.Running && j.LeaseExpiresAt < now)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, ImportStatus.Running)
                    .SetProperty(j => j.LeaseOwner, InstanceId)
                    .SetProperty(j => j.LeaseExpiresAt, leaseUntil)
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), stop);
            if (claimed != 1) continue;

            var job = await db.ImportJobs.SingleAsync(j => j.Id == candidate.Id, stop);
            var runner = scope.ServiceProvider.GetRequiredService<ImportRunner>();
            if (job.Attempts > options.MaxAttempts)
            {
                await runner.GiveUpAsync(job, stop);
                return true;
            }
            try
            {
                await runner.RunAsync(job, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Shutting down: hand the job back at once rather than leaving it to its lease.
                await db.ImportJobs.Where(j => j.Id == job.Id && j.LeaseOwner == InstanceId).ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, ImportStatus.Queued)
                    .SetProperty(j => j.LeaseOwner, (string?)null)
                    .SetProperty(j => j.Attempts, j => j.Attempts - 1), CancellationToken.None);
                throw;
            }
            return true;
        }
        return false;
    }
}
