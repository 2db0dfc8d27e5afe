using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Composing.Linting;

namespace ReOptIn.Web.Campaigns;

/// <summary>A campaign as the API returns it, with the linter's current findings.</summary>
public sealed record CampaignView(int Id, string Name, string Status, int? SenderId, IReadOnlyList<int> ListIds, string? Purpose, string? Provenance,
    string Subject, string BodyMarkdown, string ConsentStatement, int ConsentVersion, string Language, bool AskName, IReadOnlyList<string> InterestOptions,
    CampaignView.IncentiveView? Incentive, DateTime? Deadline, DateTime? SubmittedAt, DateTime? ApprovedAt, string? ApprovedContentHash,
    IReadOnlyList<FindingView> Findings, CampaignProgress? Progress = null)
{
    public sealed record IncentiveView(string Description, string? Code);

    public static CampaignView Of(Campaign c, IReadOnlyList<LintFinding> findings, CampaignProgress? progress = null) => new(c.Id, c.Name, c.Status.ToString(), c.SenderProfileId,
        c.Lists.Select(l => l.Id).Order().ToList(), c.Purpose, c.Provenance, c.Subject, c.BodyMarkdown, c.ConsentStatement, c.ConsentVersion, c.Language,
        c.AskName, Interests(c.InterestOptions), c.IncentiveDescription is { } d ? new IncentiveView(d, c.IncentiveCode) : null, c.Deadline,
        c.SubmittedAt, c.ApprovedAt, c.ApprovedContentHash, FindingView.Of(findings), progress);

    public static IReadOnlyList<string> Interests(string? lines) =>
        lines?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
