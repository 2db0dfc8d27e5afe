namespace ReOptIn.Core.Bounces;

/// <summary>The report of a processed message; <paramref name="AlreadyProcessed"/>: it was processed before and nothing was done now.</summary>
public sealed record ProcessedBounce(BounceReport Report, bool AlreadyProcessed);
