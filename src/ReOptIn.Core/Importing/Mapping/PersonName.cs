namespace ReOptIn.Core.Importing.Mapping;

/// <summary>
/// Splits the cell of a full-name column into first and last name. Per-row code: no regular expressions;
/// the only allocations are the two result strings.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>"Jane Doe" → (Jane, Doe); "Mary Ann Smith" → (Mary Ann, Smith): the last word is the last name…</item>
/// <item>…unless a surname particle comes earlier: "Jean-Pierre de la Fontaine" → (Jean-Pierre, de la Fontaine),
/// "Ludwig van Beethoven" → (Ludwig, van Beethoven), "Charles De Gaulle" → (Charles, De Gaulle).</item>
/// <item>"Doe, Jane" → (Jane, Doe): with a comma the last name comes first.</item>
/// <item>A leading title is dropped when two words follow ("Dr. Jane Doe" → (Jane, Doe)); a trailing
/// suffix stays with the last name ("Martin Luther King Jr." → (Martin Luther, King Jr.), "Doe, Jane, Jr." → (Jane, Doe Jr.)).</item>
/// <item>One word → (word, null); empty or white space → (null, null).</item>
/// <item>White space is trimmed and runs of it become one space; each part is cut to <see cref="MaxLength"/> characters.</item>
/// </list>
/// </remarks>
public static class PersonName
{
    /// <summary>The longest first or last name returned.</summary>
    public const int MaxLength = 200;

    private const int MaxTokens = 32;

    public static (string? First, string? Last) Split(string? fullName)
    {
        var s = fullName.AsSpan().Trim();
        if (s.IsEmpty)
        {
            return (null, null);
        }

        // Bound the work on absurd cells: nothing past this can end up in a 200-character name pair.
        if (s.Length > 4 * MaxLength)
        {
            s = s[..(4 * MaxLength)];
        }

        // "Doe, Jane, Jr." / "Jane Doe, PhD": a suffix after the last comma belongs to the last name.
        var suffix = ReadOnlySpan<char>.Empty;
        var lastComma = s.LastIndexOf(',');
        if (lastComma >= 0 && IsSuffix(s[(lastComma + 1)..].Trim()))
        {
            suffix = s[(lastComma + 1)..].Trim();
            s = s[..lastComma].TrimEnd();
        }

        Span<Range> tokens = stackalloc Range[MaxTokens];
        var comma = s.IndexOf(',');
        if (comma >= 0)
        {
            var lastPart = s[..comma];
            var firstPart = s[(comma + 1)..];
            var lastCount = Tokenize(lastPart, tokens);
            if (lastCount == 0)
            {
                return SplitWords(firstPart, tokens, Tokenize(firstPart, tokens), suffix);
            }

            Span<Range> firstTokens = stackalloc Range[MaxTokens];
            var firstCount = Tokenize(firstPart, firstTokens);
            if (firstCount == 0)
            {
                return SplitWords(lastPart, tokens, lastCount, suffix);
            }

            return (Join(firstPart, firstTokens[..firstCount], default), Join(lastPart, tokens[..lastCount], suffix));
        }

        return SplitWords(s, tokens, Tokenize(s, tokens), suffix);
    }

    private static (string? First, string? Last) SplitWords(ReadOnlySpan<char> s, Span<Range> tokens, int count, ReadOnlySpan<char> suffix)
    {
        if (count == 0)
        {
            return (null, null);
        }

        var start = 0;
        var end = count;
        if (count >= 3 && IsTitle(s[tokens[0]]))
        {
            start = 1;
        }

        // The last name runs to the end; a trailing "Jr." is part of it but is never the last name alone.
        var coreEnd = end;
        if (suffix.IsEmpty && end - start >= 3 && IsSuffix(s[tokens[end - 1]]))
        {
            coreEnd = end - 1;
        }

        if (coreEnd - start == 1)
        {
            var last = coreEnd < end || !suffix.IsEmpty ? Join(s, tokens[coreEnd..end], suffix) : null;
            return (Join(s, tokens[start..coreEnd], default), last);
        }

        var split = coreEnd - 1;
        for (var i = start + 1; i < coreEnd - 1; i++)
        {
            if (IsParticle(s[tokens[i]]))
            {
                split = i;
                break;
            }
        }

        return (Join(s, tokens[start..split], default), Join(s, tokens[split..end], suffix));
    }

    /// <summary>Words separated by white space or commas; a 32nd word takes the rest of the text.</summary>
    private static int Tokenize(ReadOnlySpan<char> s, Span<Range> tokens)
    {
        var count = 0;
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && IsSeparator(s[i]))
            {
                i++;
            }

            if (i == s.Length)
            {
                break;
            }

            var start = i;
            if (count == tokens.Length - 1)
            {
                tokens[count++] = new Range(start, s.TrimEnd().Length);
                break;
            }

            while (i < s.Length && !IsSeparator(s[i]))
            {
                i++;
            }

            tokens[count++] = new Range(start, i);
        }

        return count;
    }

    private static bool IsSeparator(char c) => char.IsWhiteSpace(c) || c == ',';

    private static string? Join(ReadOnlySpan<char> s, ReadOnlySpan<Range> tokens, ReadOnlySpan<char> suffix)
    {
        Span<char> buffer = stackalloc char[MaxLength + 1];
        var length = 0;
        foreach (var token in tokens)
        {
            Append(buffer, ref length, s[token]);
        }

        if (!suffix.IsEmpty)
        {
            Append(buffer, ref length, suffix);
        }

        if (length > MaxLength)
        {
            length = MaxLength;
            if (char.IsHighSurrogate(buffer[length - 1]))
            {
                length--;
            }
        }

        var result = buffer[..length].TrimEnd();
        return result.IsEmpty ? null : new string(result);
    }

    private static void Append(Span<char> buffer, ref int length, ReadOnlySpan<char> word)
    {
        if (length > 0 && length < buffer.Length)
        {
            buffer[length++] = ' ';
        }

        var room = buffer.Length - length;
        var take = Math.Min(room, word.Length);
        word[..take].CopyTo(buffer[length..]);
        length += take;
    }

    /// <summary>Lower-cases a short word into <paramref name="buffer"/>; false when it is too long to be a title, suffix or particle.</summary>
    private static bool TryLower(ReadOnlySpan<char> word, Span<char> buffer, out ReadOnlySpan<char> lower)
    {
        lower = default;
        if (word.Length > buffer.Length)
        {
            return false;
        }

        for (var i = 0; i < word.Length; i++)
        {
            buffer[i] = char.ToLowerInvariant(word[i]);
        }

        lower = buffer[..word.Length];
        return true;
    }

    private static bool IsTitle(ReadOnlySpan<char> word)
    {
        Span<char> buffer = stackalloc char[8];
        return TryLower(word, buffer, out var w) && w is "mr" or "mr." or "mrs" or "mrs." or "ms" or "ms." or "mx" or "mx."
            or "miss" or "dr" or "dr." or "prof" or "prof." or "mme" or "mme." or "mlle" or "mlle." or "m." or "herr"
            or "frau" or "sr." or "sra" or "sra." or "srta" or "srta." or "dott." or "sig." or "sig.ra";
    }

    private static bool IsSuffix(ReadOnlySpan<char> word)
    {
        Span<char> buffer = stackalloc char[8];
        return TryLower(word, buffer, out var w) && w is "jr" or "jr." or "sr" or "sr." or "ii" or "iii" or "iv"
            or "phd" or "ph.d." or "md" or "m.d." or "esq" or "esq." or "jun." or "sen.";
    }

    private static bool IsParticle(ReadOnlySpan<char> word)
    {
        // Lower case only: these are also given names or words when capitalised ("Al", "Do", "Los").
        if (word is "al" or "el" or "do" or "los" or "las" or "del" or "st." or "zum" or "zur")
        {
            return true;
        }

        // "d'Artagnan", "l'Estrange".
        if (word.Length > 2 && word[0] is 'd' or 'l' && word[1] is '\'' or '\u2019')
        {
            return true;
        }

        Span<char> buffer = stackalloc char[8];
        return TryLower(word, buffer, out var w) && w is "de" or "da" or "di" or "du" or "des" or "della" or "delle"
            or "dei" or "der" or "den" or "van" or "von" or "la" or "le" or "dos" or "das" or "ten" or "ter" or "zu"
            or "bin" or "ibn";
    }
}
