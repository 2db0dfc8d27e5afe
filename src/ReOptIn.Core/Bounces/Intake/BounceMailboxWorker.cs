using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Bounces.Intake;

/// <summary>
/// Reads the senders' bounce mailboxes, in every app instance: one <see cref="MailboxPoller"/> per
/// enabled mailbox, of which only the instance holding the mailbox's lease reads at a time.
/// </summary>
public sealed class BounceMailboxWorker(IServiceScopeFactory scopes, BounceIntakeOptions options, TimeProvider clock, ILogger<BounceMailboxWorker> log)
    : BackgroundService
{
    // New or re-enabled mailboxes are noticed within this (or the poll interval, when shorter).
    private static readonly TimeSpan DiscoverEvery = TimeSpan.FromSeconds(15);

    /// <summary>Who holds a lease: machine, process and this worker (two app hosts in one process differ).</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    private readonly ConcurrentDictionary<int, Task> _pollers = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = options.PollInterval < DiscoverEvery ? options.PollInterval : DiscoverEvery;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
                var enabled = await db.BounceMailboxes.Where(m => m.Enabled).Select(m => m.Id).ToListAsync(stoppingToken);
                foreach (var id in enabled.Where(id => !_pollers.TryGetValue(id, out var running) || running.IsCompleted))
                    _pollers[id] = RunPollerAsync(id, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The database may be away for a moment: look again later.
            catch (Exception e)
#pragma warning restore CA1031
            {
                log.LogWarning(e, "The bounce mailbox reader could not list the mailboxes; retrying.");
            }
            try
            {
                await Task.Delay(every, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(_pollers.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunPollerAsync(int id, CancellationToken stop)
    {
        try
        {
            await new MailboxPoller(id, $"{InstanceId}/{id}", scopes, options, clock, log).RunAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A poller that broke starts again at the next discovery.
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.LogError(e, "Reading bounce mailbox {MailboxId} stopped; it starts again at the next check.", id);
        }
    }
}
