using Fluid;

namespace ReOptIn.Core.Composing.Linting;

/// <summary>
/// RP011 and RP012: only the known placeholders, and templates Fluid can parse. Tags such as
/// <c>{% if %}</c> are refused: a request is text with placeholders, nothing more.
/// </summary>
internal static class TemplateRules
{
    // FluidParser is thread-safe once built.
    private static readonly FluidParser Parser = new();

    private static readonly string KnownList = string.Join(", ", Placeholders.Known.Order(StringComparer.Ordinal).Select(p => $"{{{{ {p} }}}}"));

    public static void Check(LintInput input, List<LintFinding> findings)
    {
        Check(input.SubjectTemplate, "subject", findings);
        Check(input.BodyTemplate, "body", findings);
    }

    private static void Check(TemplateScan template, string where, List<LintFinding> findings)
    {
        foreach (var placeholder in template.Placeholders)
        {
            if (placeholder.Variable is { } known && Placeholders.Known.Contains(known)) continue;
            var excerpt = placeholder.Excerpt(template.Text);
            var what = placeholder.Variable is null
                ? $"The {where} has a placeholder that is not a plain name (\"{excerpt}\")."
                : $"The {where} uses an unknown placeholder (\"{excerpt}\").";
            var suggestion = placeholder.Variable is null ? null : Suggest(placeholder.Variable);
            var hint = suggestion is null ? "" : $" Did you mean {{{{ {suggestion} }}}}?";
            findings.Add(LintRules.Finding(LintRules.UnknownPlaceholder,
                $"{what}{hint} Use only the known placeholders: {KnownList}.", excerpt));
        }

        foreach (var issue in template.Issues)
        {
            findings.Add(LintRules.Finding(LintRules.TemplateSyntax, issue.Kind switch
            {
                TemplateIssueKind.Unclosed => $"The {where} has a placeholder that is not closed (\"{issue.Excerpt}\"). Close it with }}}}, as in {{{{ confirm_url }}}}.",
                TemplateIssueKind.Empty => $"The {where} has an empty placeholder (\"{issue.Excerpt}\"). Write a name inside, as in {{{{ confirm_url }}}}, or remove the braces.",
                TemplateIssueKind.StrayClose => $"The {where} has }}}} without a matching {{{{ (\"{issue.Excerpt}\"). Add the opening {{{{ or remove the braces.",
                _ => $"The {where} uses a Liquid tag (\"{issue.Excerpt}\"). Tags such as {{% if %}} are not supported in requests: use plain text and placeholders only.",
            }, issue.Excerpt));
        }

        // Our own scan explains brace problems better; Fluid catches the rest ("{{ name | }}", unclosed quotes).
        if (template.Issues.Count == 0 && !Parser.TryParse(template.Text, out _, out var error))
        {
            findings.Add(LintRules.Finding(LintRules.TemplateSyntax,
                $"The {where} is not a valid template: {FirstSentence(error)} Check the spelling and braces of its placeholders, such as {{{{ confirm_url }}}}."));
        }
    }

    // Fluid's message ends with the whole source; its first line says what and where.
    private static string FirstSentence(string? error)
    {
        var line = (error ?? "").Split('\n', 2)[0].Trim();
        return line.EndsWith('.') ? line : line + ".";
    }

    /// <summary>The known placeholder meant by a near miss: "Confirm_URL", "first_name", "sender.address".</summary>
    private static string? Suggest(string variable)
    {
        var wanted = variable.ToLowerInvariant().Replace('-', '_');
        var last = LastSegment(wanted);
        var known = Placeholders.Known.Order(StringComparer.Ordinal).ToList();
        return known.Where(k => Distance(wanted, k) <= 2).MinBy(k => Distance(wanted, k))
            ?? known.Where(k => Distance(last, LastSegment(k)) <= 2).MinBy(k => Distance(last, LastSegment(k)))
            ?? known.FirstOrDefault(k => last.Length >= 4 && LastSegment(k).Contains(last, StringComparison.Ordinal));
    }

    private static string LastSegment(string name) => name[(name.LastIndexOf('.') + 1)..];

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
