namespace ReOptIn.Core.Composing.Linting;

/// <summary>What the linter knows besides the text: the sender profile, the incentive and the lists.</summary>
public sealed record LintContext
{
    /// <summary>The chosen sender's name; null when no sender is known (the profile is then not checked).</summary>
    public string? SenderName { get; init; }

    public string? SenderPostalAddress { get; init; }

    /// <summary>True when a sender profile is chosen: its name and postal address must then be filled in.</summary>
    public bool SenderKnown { get; init; }

    /// <summary>The incentive as the marketer described it ("10% off your next order"), if any.</summary>
    public string? IncentiveDescription { get; init; }

    public IReadOnlyList<ListJurisdictionSummary> Lists { get; init; } = [];

    public static LintContext None { get; } = new();
}
