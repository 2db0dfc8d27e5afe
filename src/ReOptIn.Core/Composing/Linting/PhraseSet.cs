using System.Text.RegularExpressions;

namespace ReOptIn.Core.Composing.Linting;

/// <summary>
/// Alternative phrases, written as small regular expressions over <see cref="FoldedText"/> (lower
/// case, no accents, straight apostrophes, single spaces), matched as whole words.
/// </summary>
internal sealed class PhraseSet
{
    private readonly Regex _regex;

    public PhraseSet(IEnumerable<string> patterns, bool wholeWords = true)
    {
        var alternatives = string.Join('|', patterns.Select(p => $"(?:{p})"));
        var pattern = wholeWords ? $@"(?<![\p{{L}}\p{{N}}])(?:{alternatives})(?![\p{{L}}\p{{N}}])" : alternatives;
        _regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public bool IsMatch(string folded) => _regex.IsMatch(folded);

    public IEnumerable<Match> Matches(string folded) => _regex.Matches(folded);
}
