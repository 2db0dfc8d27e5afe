using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Composing.Linting;

namespace ReOptIn.Web.Campaigns;

/// <summary>What saving, submitting or approving did: the campaign, or why not.</summary>
public sealed record CampaignOutcome(Campaign? Campaign, IReadOnlyList<LintFinding> Findings, Dictionary<string, string[]>? Errors = null,
    string? ProblemCode = null, string? Problem = null)
{
    public bool Ok => Errors is null && ProblemCode is null;

    public static CampaignOutcome Invalid(Dictionary<string, string[]> errors) => new(null, [], errors);

    public static CampaignOutcome Refused(Campaign c, IReadOnlyList<LintFinding> findings, string code, string message) => new(c, findings, null, code, message);
}
