using System.Buffers;
using System.Globalization;
using System.Text;

namespace ReOptIn.Core.Composing.Rendering;

/// <summary>Makes an untrusted value literal text inside Markdown.</summary>
internal static class MarkdownText
{
    // CommonMark's ASCII punctuation: every character that can start Markdown or HTML syntax.
    private static readonly SearchValues<char> Punctuation = SearchValues.Create("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

    /// <summary>
    /// Writes each ASCII punctuation character as a numeric character reference. Unlike a
    /// backslash escape, a reference is also inert inside raw HTML the marketer wrote around a
    /// placeholder, and CommonMark never reads one as structure (emphasis, link, list, autolink).
    /// </summary>
    public static string Escape(string value)
    {
        var flat = OneLine.Clean(value);
        if (flat.AsSpan().IndexOfAny(Punctuation) < 0)
            return flat;
        var builder = new StringBuilder(flat.Length + 16);
        foreach (var c in flat)
        {
            if (Punctuation.Contains(c))
                builder.Append(CultureInfo.InvariantCulture, $"&#{(int)c};");
            else
                builder.Append(c);
        }
        return builder.ToString();
    }
}
