using Microsoft.Extensions.Http.Resilience;
using Polly;
using ReOptIn.Core.HandOff;
using ReOptIn.Core.HandOff.Connectors;

namespace ReOptIn.Web.HandOff;

public static class HandOffRegistration
{
    /// <summary>Destinations, their connectors, outbound HTTP with a modest resilience pipeline, and the delivery worker (ADR-0014).</summary>
    public static IServiceCollection AddReOptInHandOff(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(HandOffOptions.Section).Get<HandOffOptions>() ?? new HandOffOptions();
        services.AddSingleton(options);
        services.AddSingleton<DestinationSecrets>();
        services.AddSingleton<HandOffSignal>();
        services.AddSingleton<AccountRateLimits>();
        services.AddSingleton<IHandOffConnector, WebhookConnector>();
        services.AddSingleton<IHandOffConnector, ActiveCampaignConnector>();
        services.AddSingleton<IHandOffConnector, MailchimpConnector>();
        services.AddSingleton<DestinationProbe>();

        // Each destination's own time-out applies per call (HttpCalls); the pipeline adds a ceiling and
        // retries only failures where nothing reached the server. Everything else waits for the
        // outbox's backoff, which is the real retry and survives restarts.
        services.AddHttpClient(HttpCalls.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("handoff", pipeline =>
            {
                pipeline.AddTimeout(TimeSpan.FromMinutes(3));
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    Delay = TimeSpan.FromMilliseconds(250),
                    BackoffType = DelayBackoffType.Exponential,
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException
                    {
                        HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError,
                    }),
                });
            });

        if (options.Enabled) services.AddHostedService<HandOffWorker>();
        return services;
    }
}
