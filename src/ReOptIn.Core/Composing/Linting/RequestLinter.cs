namespace ReOptIn.Core.Composing.Linting;

/// <summary>
/// Checks a re-permission request against <see cref="LintRules"/>. Pure and fast enough to run on
/// every keystroke of the editor. A campaign can be approved only when no finding is an error.
/// </summary>
public static class RequestLinter
{
    /// <summary>Every finding, ordered by rule id, then by where it occurs (subject before body).</summary>
    public static IReadOnlyList<LintFinding> Lint(RequestContent content, LintContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var input = new LintInput(content, context ?? LintContext.None);
        var findings = new List<LintFinding>();
        LinkRules.Check(input, findings);
        ContentRules.Check(input, findings);
        SubjectRules.Check(input, findings);
        FramingRules.Check(input, findings);
        IncentiveRules.Check(input, findings);
        SenderRules.Check(input, findings);
        ImageRules.Check(input, findings);
        ListRules.Check(input, findings);
        TemplateRules.Check(input, findings);

        // OrderBy is stable: within a rule, findings keep the order their rule gave them.
        return [.. findings.OrderBy(f => f.Rule, StringComparer.Ordinal)];
    }
}
