namespace ReOptIn.Core.HandOff;

/// <summary>Records one try's outcome on its delivery: delivered, retried later with exponential backoff, or dead-lettered.</summary>
internal static class DeliveryRetry
{
    public static void Record(HandOffDelivery d, DeliveryResult result, DateTime now, HandOffOptions options)
    {
        d.LeaseExpiresAt = null;
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                d.Status = DeliveryStatus.Delivered;
                d.DeliveredAt = now;
                d.NextAttemptAt = null;
                d.LastError = null;
                return;
            case DeliveryOutcome.Permanent:
                d.Status = DeliveryStatus.Failed;
                d.NextAttemptAt = null;
                d.LastError = result.Message;
                return;
        }
        var wait = Backoff(d.Attempts, options);
        if (result.RetryAfter is { } asked && asked > wait) wait = asked < TimeSpan.FromDays(1) ? asked : TimeSpan.FromDays(1);
        var first = d.FirstAttemptAt ?? now;
        if (now + wait - first > options.RetryFor)
        {
            d.Status = DeliveryStatus.Failed;
            d.NextAttemptAt = null;
            d.LastError = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Gave up after {d.Attempts} tries over {(now - first).TotalHours:0.#} hours. Last: {result.Message}");
            return;
        }
        d.Status = DeliveryStatus.Pending;
        d.NextAttemptAt = now + wait;
        d.LastError = result.Message;
    }

    /// <summary>FirstBackoff × 2^(tries − 1), at most MaxBackoff.</summary>
    public static TimeSpan Backoff(int attempts, HandOffOptions options)
    {
        var seconds = options.FirstBackoff.TotalSeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 40));
        return TimeSpan.FromSeconds(Math.Min(seconds, options.MaxBackoff.TotalSeconds));
    }
}
