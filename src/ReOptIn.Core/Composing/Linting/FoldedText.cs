using System.Globalization;
using System.Text;

namespace ReOptIn.Core.Composing.Linting;

/// <summary>
/// A text folded for matching: lower case, no diacritics ("Gratuït" → "gratuit"), straight
/// apostrophes, no Markdown emphasis marks, and whitespace collapsed to one space (a blank line
/// becomes "\n", so phrases never match across paragraphs). Every folded character remembers where
/// it came from, so a match can be shown as the original text.
/// </summary>
internal sealed class FoldedText
{
    public const int MaxExcerpt = 80;

    private readonly int[] _starts;
    private readonly int[] _ends;

    private FoldedText(string original, string text, int[] starts, int[] ends)
    {
        Original = original;
        Text = text;
        _starts = starts;
        _ends = ends;
    }

    public string Original { get; }

    public string Text { get; }

    public static FoldedText Of(string original)
    {
        var text = new StringBuilder(original.Length);
        var starts = new List<int>(original.Length);
        var ends = new List<int>(original.Length);

        void Append(char c, int start, int end)
        {
            text.Append(c);
            starts.Add(start);
            ends.Add(end);
        }

        var i = 0;
        while (i < original.Length)
        {
            if (char.IsWhiteSpace(original[i]))
            {
                var j = i;
                var newlines = 0;
                while (j < original.Length && char.IsWhiteSpace(original[j]))
                {
                    if (original[j] == '\n') newlines++;
                    j++;
                }

                var space = newlines >= 2 ? '\n' : ' ';
                var last = text.Length - 1;
                if (last < 0 || (text[last] != ' ' && text[last] != '\n')) Append(space, i, j);
                else if (space == '\n') text[last] = '\n';
                i = j;
                continue;
            }

            var c0 = original[i];
            if (c0 < 0x80)
            {
                // Emphasis and code marks would break phrases apart: "you **signed up**".
                if (c0 is not ('*' or '_' or '`')) Append(char.ToLowerInvariant(c0), i, i + 1);
                i++;
                continue;
            }

            Rune.DecodeFromUtf16(original.AsSpan(i), out var rune, out var consumed);
            foreach (var c in Fold(rune)) Append(c, i, i + consumed);
            i += consumed;
        }

        return new FoldedText(original, text.ToString(), [.. starts], [.. ends]);
    }

    /// <summary>The original text behind folded[start..start+length], shortened for display.</summary>
    public string Excerpt(int start, int length)
    {
        if (length <= 0 || start >= Text.Length) return "";
        var last = Math.Min(start + length, Text.Length) - 1;
        return Shorten(Original[_starts[start].._ends[last]]);
    }

    /// <summary>Original offset of a folded offset (the end of the text maps to the end).</summary>
    public int OriginalIndex(int foldedIndex) =>
        foldedIndex < _starts.Length ? _starts[foldedIndex] : Original.Length;

    /// <summary>Whitespace collapsed and cut to <see cref="MaxExcerpt"/> characters.</summary>
    public static string Shorten(string text)
    {
        var collapsed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length <= MaxExcerpt ? collapsed : string.Concat(collapsed.AsSpan(0, MaxExcerpt - 1), "…");
    }

    private static string Fold(Rune rune)
    {
        switch (rune.Value)
        {
            case '\u2018' or '\u2019' or '\u02BC' or '\u00B4' or '\u2032':
                return "'";
            case '\u2010' or '\u2011':
                return "-";
        }

        var folded = new StringBuilder(2);
        foreach (var c in rune.ToString().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) folded.Append(char.ToLowerInvariant(c));
        }

        return folded.ToString();
    }
}
