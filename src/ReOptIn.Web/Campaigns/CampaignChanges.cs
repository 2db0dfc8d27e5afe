using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Sending;

namespace ReOptIn.Web.Campaigns;

/// <summary>
/// A campaign draft as the page or the API submits it. A draft may be incomplete; what is
/// missing shows as findings until it is submitted.
/// </summary>
public sealed record CampaignChanges
{
    public static readonly IReadOnlyList<string> Languages = ["en", "fr"];

    public string? Name { get; init; }
    public int? SenderId { get; init; }
    public IReadOnlyList<int> ListIds { get; init; } = [];
    public string? Purpose { get; init; }
    public string? Provenance { get; init; }
    public string? Subject { get; init; }
    public string? BodyMarkdown { get; init; }
    public string? ConsentStatement { get; init; }
    public string? Language { get; init; }
    public bool AskName { get; init; }
    public string? InterestOptions { get; init; }
    public string? IncentiveDescription { get; init; }
    public string? IncentiveCode { get; init; }
    public DateTime? Deadline { get; init; }

    /// <summary>Problems by field name (the API's camelCase names), each saying how to fix it.</summary>
    public Dictionary<string, string[]> Validate(DateTime now)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(string field, string? value, int max, bool required = false, string? requiredMessage = null)
        {
            if (required && string.IsNullOrWhiteSpace(value)) errors[field] = [requiredMessage ?? "Required."];
            else if (value?.Length > max) errors[field] = [$"At most {max:N0} characters."];
        }
        Check("name", Name, 200, required: true, "Give the campaign a name (only your team sees it).");
        Check("purpose", Purpose, 2000);
        Check("provenance", Provenance, 1000);
        Check("subject", Subject, 500);
        Check("bodyMarkdown", BodyMarkdown, 50_000);
        Check("consentStatement", ConsentStatement, 2000);
        Check("interestOptions", InterestOptions, 2000);
        Check("incentive.description", IncentiveDescription, 500);
        Check("incentive.code", IncentiveCode, 100);
        if (Subject?.Any(c => c is '\r' or '\n') == true) errors["subject"] = ["The subject is one line."];
        if (Language is not null && !Languages.Contains(Language)) errors["language"] = ["The language is \"en\" or \"fr\"."];
        if (!string.IsNullOrWhiteSpace(IncentiveCode) && string.IsNullOrWhiteSpace(IncentiveDescription))
            errors["incentive.description"] = ["Describe the incentive the code gives (e.g. “10% off your next order”)."];
        if (Deadline is { } d && d <= now) errors["deadline"] = ["The deadline must be in the future."];
        if (ListIds.Distinct().Count() != ListIds.Count) errors["listIds"] = ["A list appears twice."];
        return errors;
    }

    public void ApplyTo(Campaign c, SenderProfile? sender, IReadOnlyList<ContactList> lists)
    {
        c.Name = Name!.Trim();
        c.SenderProfileId = sender?.Id;
        c.Sender = sender;
        c.Lists.Clear();
        c.Lists.AddRange(lists);
        c.Purpose = Clean(Purpose);
        c.Provenance = Clean(Provenance);
        c.Subject = Subject?.Trim() ?? "";
        c.BodyMarkdown = (BodyMarkdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        c.SetConsentStatement(ConsentStatement?.Trim() ?? "");
        c.Language = Language ?? "en";
        c.AskName = AskName;
        c.InterestOptions = Clean(InterestOptions?.Replace("\r\n", "\n", StringComparison.Ordinal));
        c.IncentiveDescription = Clean(IncentiveDescription);
        c.IncentiveCode = Clean(IncentiveCode);
        c.Deadline = Deadline;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
