namespace ReOptIn.Core.Composing;

/// <summary>The values of the <see cref="Placeholders"/> for one contact (or a preview).</summary>
public sealed record RequestValues
{
    public string? ContactFirstName { get; init; }
    public string? ContactLastName { get; init; }

    /// <summary>How the company got this address (the contact's own, else the campaign's provenance sentence).</summary>
    public string ContactSource { get; init; } = "";
    public string Purpose { get; init; } = "";
    public string ConfirmUrl { get; init; } = "";
    public string DeclineUrl { get; init; } = "";
    public string SenderName { get; init; } = "";
    public string SenderPostalAddress { get; init; } = "";
    public string? IncentiveDescription { get; init; }
}
