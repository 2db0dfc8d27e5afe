using System.Globalization;
using System.Text;

namespace ReOptIn.Core.Composing.Linting;

/// <summary>
/// RP004: the subject must not look like an advertisement. One finding per distinct trigger, in
/// the order they appear. Words match whole, without regard to case or accents, so "Gagnez" and
/// "GRATUÏT" fire while "freedom", "Windows", "winter", "wholesale" and "Salesforce" do not.
/// "Gratuité" folds to "gratuite" and fires: in a subject it is advertising too.
/// </summary>
internal static class SubjectRules
{
    private static readonly string[] WordPatterns =
    [
        @"free(?:bies?)?", @"gratuit(?:e|s|es|ement)?",
        @"discount(?:s|ed)?", @"de reduction",
        @"promo(?:s|tion|tions|tional)?",
        // Only "sale" itself: "sales" is a department as often as an event.
        @"sale", @"soldes",
        @"win(?:s|ner|ners|ning)?", @"gagnez", @"a gagner", @"gagnant(?:e|s|es)?",
        @"prizes?",
        // A price cut: "50% off", "20 % de réduction", "-30%".
        @"\d+(?:[.,]\d+)? ?(?:%|percent|pour ?cent) ?(?:off|discount|de (?:reduction|remise|rabais))",
        @"[-\u2212]\d+(?:[.,]\d+)? ?%",
    ];

    private static readonly string[] NumberFirstMoney = [@"\d+(?:[.,]\d+)? ?(?:[$€£¥]|eur|euros?|usd|gbp|cad|chf|dollars?)"];

    // A currency sign needs no word boundary: "US$10", "$$$".
    private static readonly string[] SignFirstMoney = [@"[$€£¥] ?\d+(?:[.,]\d+)?k?", @"[$€£¥]{2,}"];

    private static readonly string[] ExclamationRuns = [@"[!\uFF01]{2,}|[\u203C\u2049]"];

    private static readonly PhraseSet Words = new(WordPatterns);
    private static readonly PhraseSet MoneyAfterNumber = new(NumberFirstMoney);
    private static readonly PhraseSet MoneyBeforeNumber = new(SignFirstMoney, wholeWords: false);
    private static readonly PhraseSet Exclamations = new(ExclamationRuns, wholeWords: false);

    public static void Check(LintInput input, List<LintFinding> findings)
    {
        var subject = input.Subject;
        var example = input.Example("Do you still want our newsletter?", "Souhaitez-vous toujours recevoir notre lettre d'information ?");
        var found = new List<(int At, LintFinding Finding)>();
        // Folded triggers already reported: "Free, free, FREE" is one finding.
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Add(PhraseSet set, Func<string, string> message)
        {
            foreach (var match in set.Matches(subject.Text))
            {
                if (!seen.Add(match.Value)) continue;
                var excerpt = subject.Excerpt(match.Index, match.Length);
                found.Add((subject.OriginalIndex(match.Index), LintRules.Finding(LintRules.PromotionalSubject, message(excerpt), excerpt)));
            }
        }

        Add(Words, x => $"The subject looks like an advertisement (\"{x}\"). Keep any offer for the body and write a plain subject such as \"{example}\"");
        Add(MoneyAfterNumber, x => MoneyMessage(x, example));
        Add(MoneyBeforeNumber, x => MoneyMessage(x, example));
        Add(Exclamations, x => $"The subject has a run of exclamation marks (\"{x}\"), which reads as an advertisement and trips spam filters. Use one exclamation mark at most.");

        foreach (var (at, word) in ShoutedWords(subject.Original, input.Context.SenderName))
        {
            if (!seen.Add(FoldedText.Of(word).Text)) continue;
            found.Add((at, LintRules.Finding(LintRules.PromotionalSubject,
                $"The subject shouts in capitals (\"{word}\"). Write it in ordinary sentence case, such as \"{example}\"", word)));
        }

        var emoji = Emoji(subject.Original);
        if (emoji.Count > 1)
        {
            var excerpt = FoldedText.Shorten(string.Concat(emoji.Select(e => e.Text)));
            found.Add((emoji[1].At, LintRules.Finding(LintRules.PromotionalSubject,
                $"The subject has {emoji.Count.ToString(CultureInfo.InvariantCulture)} emoji (\"{excerpt}\"). Use one at most: a row of emoji reads as an advertisement.", excerpt)));
        }

        findings.AddRange(found.OrderBy(f => f.At).Select(f => f.Finding));
    }

    private static string MoneyMessage(string excerpt, string example) =>
        $"The subject mentions an amount of money (\"{excerpt}\"), which reads as an advertisement. Keep any offer for the body and write a plain subject such as \"{example}\"";

    /// <summary>Words of four letters or more, all in capitals, except those of the sender's own name ("IKEA").</summary>
    private static IEnumerable<(int At, string Word)> ShoutedWords(string text, string? senderName)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            var letters = 0;
            var upper = true;
            for (; i < text.Length && (char.IsLetter(text[i]) || CharUnicodeInfo.GetUnicodeCategory(text[i]) == UnicodeCategory.NonSpacingMark); i++)
            {
                if (!char.IsLetter(text[i])) continue;
                letters++;
                upper &= char.IsUpper(text[i]);
            }

            var word = text[start..i];
            if (upper && letters >= 4 && !IsWordOf(word, senderName)) yield return (start, word);
        }
    }

    private static bool IsWordOf(string word, string? name)
    {
        if (string.IsNullOrEmpty(name)) return false;
        for (var at = name.IndexOf(word, StringComparison.Ordinal); at >= 0; at = name.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var end = at + word.Length;
            if ((at == 0 || !char.IsLetter(name[at - 1])) && (end == name.Length || !char.IsLetter(name[end]))) return true;
        }

        return false;
    }

    /// <summary>The emoji of a text, one per user-perceived character (a flag or a family counts once).</summary>
    private static List<(int At, string Text)> Emoji(string text)
    {
        var emoji = new List<(int, string)>();
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            foreach (var rune in element.EnumerateRunes())
            {
                if (!IsEmoji(rune)) continue;
                emoji.Add((elements.ElementIndex, element));
                break;
            }
        }

        return emoji;
    }

    private static bool IsEmoji(Rune rune) => rune.Value switch
    {
        >= 0x1F000 and <= 0x1FAFF => true,   // pictographs, emoticons, transport, flags, supplemental symbols
        >= 0x2600 and <= 0x27BF => true,     // miscellaneous symbols and dingbats (☀ ✨ ❤ ✅)
        0x231A or 0x231B or 0x2328 or 0x23CF or (>= 0x23E9 and <= 0x23F3) or (>= 0x23F8 and <= 0x23FA) => true,   // ⌚ ⏰ ⏳
        (>= 0x2B05 and <= 0x2B07) or 0x2B1B or 0x2B1C or 0x2B50 or 0x2B55 => true,                                 // ⬅ ⬛ ⭐ ⭕
        0x203C or 0x2049 or 0x3030 or 0x303D or 0x3297 or 0x3299 => true,                                          // ‼ ⁉ 〰 〽 ㊗ ㊙
        _ => false,
    };
}
