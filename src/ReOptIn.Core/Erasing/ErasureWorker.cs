using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;

namespace ReOptIn.Core.Erasing;

/// <summary>
/// Runs the <see cref="ErasureJob"/> and the <see cref="RejectedRowsRetention"/> every
/// <see cref="ErasureOptions.CheckEvery"/>, in every instance.
/// </summary>
public sealed class ErasureWorker(IServiceScopeFactory scopes, ErasureOptions options, ImportOptions imports, TimeProvider clock, ILogger<ErasureWorker> log)
    : BackgroundService
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
                if (await RejectedRowsRetention.RunAsync(db, clock.GetUtcNow().UtcDateTime, imports.KeepRejectedRowsDays, stoppingToken) is > 0 and var cleared)
                    log.LogInformation("Deleted the rejected rows of {Imports} import(s) finished more than {Days} days ago", cleared, imports.KeepRejectedRowsDays);
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
