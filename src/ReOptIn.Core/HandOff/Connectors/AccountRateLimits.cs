using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace ReOptIn.Core.HandOff.Connectors;

/// <summary>
/// One limiter per marketing account, shared by every delivery (and test) of this instance that
/// calls it: ActiveCampaign allows 5 requests per second per account. Several instances each keep
/// their own, so together they may exceed it; the 429 answers that follow are retried after their
/// Retry-After (operations.md says so).
/// </summary>
public sealed class AccountRateLimits(HandOffOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, RateLimiter> _limiters = new(StringComparer.OrdinalIgnoreCase);

    public async Task<RateLimitLease> AcquireAsync(string account, CancellationToken ct)
    {
        var limiter = _limiters.GetOrAdd(account, _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            // One token every 1/n s, no burst: never more than n calls in any second.
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1.0 / Math.Max(1, options.ActiveCampaignPerSecond)),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
        return await limiter.AcquireAsync(1, ct);
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values) limiter.Dispose();
    }
}
