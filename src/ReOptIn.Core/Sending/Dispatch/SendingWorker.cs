using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Composing.Rendering;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Sending.Dispatch;

/// <summary>
/// Sends the requests of sending campaigns, in every app instance. For each sender with work it
/// opens up to the sender's number of connections (lanes); lanes of all instances share the queue
/// through row claims in the database. A request left <c>Sending</c> past its lease (its process
/// died between handing it over and recording the outcome) becomes in doubt and is never re-sent.
/// </summary>
public sealed class SendingWorker(IServiceScopeFactory scopes, GroupCommit writes, RequestRenderer renderer, DispatchOptions options, IConfiguration configuration,
    TimeProvider clock, ILogger<SendingWorker> log) : BackgroundService
{
    /// <summary>Who holds a claim: machine, process and this worker (two app hosts in one process differ).</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    // Leases last minutes: looking for abandoned ones every few seconds is plenty, and each look is a write.
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<int, Task> _pumps = new();

    // The campaigns' rates as this worker's lanes recorded them (CampaignChecks); not static, since two app hosts in one process have two databases.
    private readonly ConcurrentDictionary<int, RateTally> _tallies = new();
    private DateTime _lastSweep;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
                if (clock.GetUtcNow().UtcDateTime - _lastSweep >= SweepEvery)
                {
                    _lastSweep = clock.GetUtcNow().UtcDateTime;
                    using (await WriterGate.EnterAsync(db, stoppingToken))
                        await MarkAbandonedInDoubtAsync(db, stoppingToken);
                }
                var senders = await db.Campaigns.Where(c => c.Status == CampaignStatus.Sending && c.SenderProfileId != null)
                    .Select(c => c.SenderProfileId!.Value).Distinct().ToListAsync(stoppingToken);
                foreach (var senderId in senders.Where(id => !_pumps.TryGetValue(id, out var running) || running.IsCompleted))
                    _pumps[senderId] = PumpAsync(senderId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "The sending worker could not check for work; retrying.");
            }
            try
            {
                await Task.Delay(options.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(_pumps.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Requests whose sender stopped mid-send: they may have gone out, so they are never sent again.</summary>
    private async Task MarkAbandonedInDoubtAsync(ReOptInDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var count = await db.Requests.Where(r => r.State == RequestState.Sending && r.LeaseExpiresAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RequestState.InDoubt).SetProperty(r => r.StateChangedAt, now)
                .SetProperty(r => r.LastError, "The process sending it stopped before recording the outcome; it may have gone out, so it is not sent again."), ct);
        if (count > 0) log.LogWarning("{Count} request(s) whose send claim expired (the process stopped mid-send, or a send took longer than Sending:Lease) are now in doubt.", count);
    }

    private async Task PumpAsync(int senderId, CancellationToken stop)
    {
        try
        {
            SenderContext sender;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
                var secrets = scope.ServiceProvider.GetRequiredService<SenderSecrets>();
                var profile = await db.Senders.AsNoTracking().SingleAsync(s => s.Id == senderId, stop);
                var baseUrl = configuration[PublicLinks.BaseUrlSetting]
                    ?? throw new InvalidOperationException($"Set {PublicLinks.BaseUrlSetting}: the links in the requests need the public address.");
                sender = new SenderContext(profile, secrets.Relay(profile), secrets.Dkim(profile), baseUrl, clock);
            }
            using (sender)
            {
                var lanes = Enumerable.Range(0, Math.Max(1, sender.Profile.MaxConnections))
                    .Select(i => new SendingLane(sender, scopes, writes, renderer, options, _tallies, clock, log, $"{InstanceId}/{senderId}/{i}").RunAsync(stop));
                await Task.WhenAll(lanes);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogError(e, "Sending for sender {SenderId} stopped; it starts again at the next check.", senderId);
        }
    }
}
