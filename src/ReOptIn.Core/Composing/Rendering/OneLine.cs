using System.Text;

namespace ReOptIn.Core.Composing.Rendering;

/// <summary>Flattens text to one line: imported values and subjects must never carry line breaks.</summary>
internal static class OneLine
{
    /// <summary>
    /// Control characters, line separators and whitespace runs become one space; bidi overrides
    /// (which can make a name display as something else) are dropped. The result is trimmed.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (IsBidiOverride(c))
                continue;
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
                builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>A multi-line value (a postal address) as one line, its lines joined by ", ".</summary>
    public static string JoinLines(string? text) =>
        string.Join(", ", (text ?? "").Split('\n').Select(Clean).Where(line => line.Length > 0));

    private static bool IsBidiOverride(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
