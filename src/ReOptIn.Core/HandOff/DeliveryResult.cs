namespace ReOptIn.Core.HandOff;

/// <summary>What one try to a destination came to.</summary>
public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Message = null, TimeSpan? RetryAfter = null)
{
    public static readonly DeliveryResult Delivered = new(DeliveryOutcome.Delivered);

    public static DeliveryResult Temporary(string message, TimeSpan? retryAfter = null) => new(DeliveryOutcome.Temporary, message, retryAfter);

    public static DeliveryResult Permanent(string message) => new(DeliveryOutcome.Permanent, message);

    public bool Ok => Outcome == DeliveryOutcome.Delivered;
}

public enum DeliveryOutcome
{
    Delivered,

    /// <summary>Try again later: 5xx, 408, 429, a time-out, no connection.</summary>
    Temporary,

    /// <summary>The destination refused the data (4xx): retrying the same request cannot help.</summary>
    Permanent,
}
