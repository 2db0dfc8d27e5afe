using ReOptIn.Core.Composing.Linting;

namespace ReOptIn.Web.Campaigns;

/// <summary>A lint finding as JSON: <c>{"rule": "RP004", "severity": "error", "message": "…", "excerpt": "…"}</c>.</summary>
public sealed record FindingView(string Rule, string Severity, string Message, string? Excerpt)
{
    public static FindingView Of(LintFinding f) =>
        new(f.Rule, f.Severity == LintSeverity.Error ? "error" : "warning", f.Message, f.Excerpt);

    public static IReadOnlyList<FindingView> Of(IEnumerable<LintFinding> findings) => findings.Select(Of).ToList();
}
