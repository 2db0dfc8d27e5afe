using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Reporting;

/// <summary>
/// Rebuilds stale report snapshots one at a time, in the background of the instance that was
/// asked for one; a campaign already queued is not queued twice.
/// </summary>
public sealed class ReportRefresher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ReportRefresher> log) : BackgroundService
{
    private readonly Channel<int> _queue = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<int, byte> _queued = new();

    public void Request(int campaignId)
    {
        if (_queued.TryAdd(campaignId, 0)) _queue.Writer.TryWrite(campaignId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var campaignId in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
                    await CampaignReports.RefreshAsync(db, campaignId, clock.GetUtcNow().UtcDateTime, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "The report of campaign {CampaignId} could not be rebuilt; the previous one is shown until the next view asks again.", campaignId);
                }
                finally
                {
                    _queued.TryRemove(campaignId, out _);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
