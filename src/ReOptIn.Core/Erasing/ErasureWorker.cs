using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Erasing;

/// <summary>Runs the <see cref="ErasureJob"/> every <see cref="ErasureOptions.CheckEvery"/>, in every instance.</summary>
public sealed class ErasureWorker(IServiceScopeFactory scopes, ErasureOptions options, TimeProvider clock, ILogger<ErasureWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
                foreach (var e in await ErasureJob.RunAsync(db, clock.GetUtcNow().UtcDateTime, stoppingToken))
                    log.LogInformation("Erasure {ErasureId} ({Rule}) of campaign {CampaignId}: {Contacts} contact(s) erased, {Requests} request(s) cleared",
                        e.Id, e.Rule, e.CampaignId, e.Contacts, e.Requests);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "The erasure job failed; it runs again at the next check.");
            }
            try
            {
                await Task.Delay(options.CheckEvery, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
