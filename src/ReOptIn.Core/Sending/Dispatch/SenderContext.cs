using System.Threading.RateLimiting;

namespace ReOptIn.Core.Sending.Dispatch;

/// <summary>One sender as the lanes of this instance share it: relay settings, key, and its limits.</summary>
internal sealed class SenderContext(SenderProfile profile, RelaySettings relay, DkimSettings? dkim, string publicBaseUrl, TimeProvider clock) : IDisposable
{
    public SenderProfile Profile { get; } = profile;

    public RelaySettings Relay { get; } = relay;

    public DkimSettings? Dkim { get; } = dkim;

    public string PublicBaseUrl { get; } = publicBaseUrl;

    /// <summary>Messages per second, shared by every connection of this sender in this instance.</summary>
    public RateLimiter Rate { get; } = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = profile.MessagesPerSecond,
        TokensPerPeriod = profile.MessagesPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = int.MaxValue,
        AutoReplenishment = true,
    });

    public DomainBudget Domains { get; } = new(profile.PerDomainPerMinute, clock);

    public void Dispose() => Rate.Dispose();
}
