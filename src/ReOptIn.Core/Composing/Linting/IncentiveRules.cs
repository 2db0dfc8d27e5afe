using System.Text.RegularExpressions;

namespace ReOptIn.Core.Composing.Linting;

/// <summary>
/// RP006: an incentive is allowed, but the request is about consent, so the offer must not lead:
/// not in the subject, not in a heading, not in bold, and not repeated more than twice.
/// </summary>
internal static partial class IncentiveRules
{
    private const int MaxMentions = 2;

    private static readonly string[] IncentiveWordPatterns =
    [
        @"discounts?|coupons?|codes?|vouchers?|gifts?|rewards?",
        @"reductions?|remises?|cadeaux?|bons? d'achat|rabais|bons? de reduction",
    ];

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "your", "votre", "vos", "with", "avec", "pour", "from", "that", "this", "dans", "sur", "when", "lors",
    };

    private static readonly PhraseSet IncentiveWords = new(IncentiveWordPatterns);

    public static void Check(LintInput input, List<LintFinding> findings)
    {
        var description = DescriptionWords(input.Context.IncentiveDescription);

        var subjectPlaceholder = input.SubjectTemplate.Placeholders.FirstOrDefault(p => p.Variable == Placeholders.IncentiveDescription);
        var subjectMention = subjectPlaceholder?.Excerpt(input.SubjectTemplate.Text) ?? Mention(input.Subject, description);
        if (subjectMention is not null)
        {
            findings.Add(LintRules.Finding(LintRules.IncentiveDominates,
                $"The subject puts the incentive forward (\"{subjectMention}\"). Keep the subject about the question, and " +
                "mention the incentive once in the body, after asking.", subjectMention));
        }

        foreach (Match heading in Heading().Matches(input.BodyTemplate.Text))
        {
            var text = heading.Value;
            var placeholder = text.Contains("incentive.description", StringComparison.Ordinal);
            var mention = placeholder ? text : Mention(FoldedText.Of(text), description);
            if (mention is null) continue;
            var excerpt = FoldedText.Shorten(text);
            findings.Add(LintRules.Finding(LintRules.IncentiveDominates,
                $"A heading puts the incentive forward (\"{excerpt}\"). Mention it in an ordinary sentence instead.", excerpt));
        }

        foreach (Match bold in Bold().Matches(input.BodyTemplate.Text))
        {
            if (!bold.Value.Contains("incentive.description", StringComparison.Ordinal)) continue;
            var excerpt = FoldedText.Shorten(bold.Value);
            findings.Add(LintRules.Finding(LintRules.IncentiveDominates,
                $"The incentive is in bold (\"{excerpt}\"). Mention it in plain text: the offer must not stand out more than the question.", excerpt));
        }

        var count = input.BodyTemplate.Count(Placeholders.IncentiveDescription);
        if (count > MaxMentions)
        {
            findings.Add(LintRules.Finding(LintRules.IncentiveDominates,
                $"The body mentions {{{{ incentive.description }}}} {count} times. Mention it once (twice at most) so the email does not read as an offer."));
        }
    }

    /// <summary>What in a text names the incentive: an incentive word, an amount or half the words of its description.</summary>
    private static string? Mention(FoldedText text, List<string> description)
    {
        var word = IncentiveWords.Matches(text.Text).FirstOrDefault();
        if (word is not null) return text.Excerpt(word.Index, word.Length);
        if (description.Count == 0) return null;
        var shared = Token().Matches(text.Text).Where(m => description.Contains(m.Value)).ToList();
        var distinct = shared.Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();

        // An amount ("10%", "15€") is telling on its own; words need to be half of the description's.
        var telling = distinct.Any(t => t.Any(char.IsDigit)) || (distinct.Count > 0 && distinct.Count * 2 >= description.Count);
        return telling ? text.Excerpt(shared[0].Index, shared[^1].Index + shared[^1].Length - shared[0].Index) : null;
    }

    /// <summary>The telling words of the incentive's description: amounts, and words of four letters or more.</summary>
    private static List<string> DescriptionWords(string? description) =>
        string.IsNullOrWhiteSpace(description)
            ? []
            : Token().Matches(FoldedText.Of(description).Text).Select(m => m.Value)
                .Where(t => t.Any(char.IsDigit) || (t.Length >= 4 && !StopWords.Contains(t)))
                .Distinct(StringComparer.Ordinal)
                .ToList();

    [GeneratedRegex(@"[\p{L}\p{N}%€$£]+", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    // ATX headings ("# …") and setext headings (a line underlined with === or ---).
    [GeneratedRegex(@"^ {0,3}#{1,6}(?:[ \t].*)?$|^ {0,3}[^\s#>*+-].*\r?\n {0,3}(?:=+|-+)[ \t]*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    // Bold runs within a paragraph: "**…**", "__…__", <strong>…</strong>, <b>…</b>.
    [GeneratedRegex(@"\*\*(?:(?!\n\s*\n).)+?\*\*|__(?:(?!\n\s*\n).)+?__|<(strong|b)\b[^>]*>(?:(?!\n\s*\n).)*?</\1\s*>",
        RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Bold();
}
