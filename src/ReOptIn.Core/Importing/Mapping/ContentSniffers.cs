namespace ReOptIn.Core.Importing.Mapping;

internal enum AddressLook
{
    None,

    /// <summary>The cell holds an address among other text: "Jane Doe (jane@example.com)", "a@x.com ::: b@y.com".</summary>
    ContainsAddress,

    /// <summary>
    /// The cell is an address or a list of them: "jane@example.com", "mailto:jane@example.com",
    /// "Jane &lt;jane@example.com&gt;", "a@example.com ::: b@example.org".
    /// </summary>
    Address,
}

/// <summary>Whether sample cells look like email addresses: an '@' with text on both sides and a dot inside the domain.</summary>
internal static class AddressSniffer
{
    private static readonly System.Buffers.SearchValues<char> Separators =
        System.Buffers.SearchValues.Create(" \t\r\n,;()<>\"'[]");

    public static AddressLook Classify(string? cell)
    {
        var s = cell.AsSpan().Trim();
        if (s.IndexOf('@') < 0)
        {
            return AddressLook.None;
        }

        if (s.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            s = s[7..].TrimStart();
        }

        if (IsAddress(s))
        {
            return AddressLook.Address;
        }

        var open = s.LastIndexOf('<');
        if (open >= 0 && s[^1] == '>' && IsAddress(s[(open + 1)..^1].Trim()))
        {
            return AddressLook.Address;
        }

        // Several addresses ("a@x.com ::: b@y.com", "a@x.com; b@y.com") count as addresses: the import takes the first.
        // An address among other words ("Jane Doe (jane@x.com)", "write to jane@x.com") only contains one.
        var addresses = 0;
        var others = 0;
        while (!s.IsEmpty)
        {
            var end = s.IndexOfAny(Separators);
            var token = end < 0 ? s : s[..end];
            if (token.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                token = token[7..];
            }

            if (IsAddress(token))
            {
                addresses++;
            }
            else if (!token.IsEmpty && token is not ":::")
            {
                others++;
            }

            s = end < 0 ? default : s[(end + 1)..];
        }

        return addresses == 0 ? AddressLook.None
            : others == 0 ? AddressLook.Address
            : AddressLook.ContainsAddress;
    }

    public static bool IsAddress(ReadOnlySpan<char> s)
    {
        var at = s.IndexOf('@');
        if (at <= 0 || at != s.LastIndexOf('@') || s.IndexOfAny(Separators) >= 0)
        {
            return false;
        }

        var domain = s[(at + 1)..].TrimEnd('.');
        var dot = domain.IndexOf('.');
        return dot > 0 && dot < domain.Length - 1;
    }
}

internal enum NameKind
{
    None,

    /// <summary>Most cells are one capitalised word: a first-name or a last-name column.</summary>
    SingleWord,

    /// <summary>Most cells are two to four capitalised words: a full-name column.</summary>
    FullName,
}

/// <summary>Whether the sample cells of a column without header look like people's names. Meant to be conservative.</summary>
internal static class NameSniffer
{
    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "yes", "no", "true", "false", "oui", "non", "ja", "nein", "si", "null", "none", "nil", "active", "inactive",
        "subscribed", "unsubscribed", "pending", "cleaned", "bounced", "confirmed", "unconfirmed", "transactional",
        "free", "paid", "trial", "premium", "gold", "silver", "bronze", "male", "female", "other", "unknown",
        "customer", "lead", "prospect", "member", "admin", "user", "test", "english", "french", "german", "spanish",
        "italian", "dutch", "portuguese", "francais", "deutsch", "espanol", "website", "import", "manual",
        "api", "newsletter", "shop", "store", "event", "referral", "facebook", "google", "twitter", "instagram",
    };

    public static NameKind Classify(IReadOnlyList<string[]> rows, int index)
    {
        int nonEmpty = 0, single = 0, full = 0;
        var distinct = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            if (row is null || index >= row.Length || string.IsNullOrWhiteSpace(row[index]))
            {
                continue;
            }

            var cell = row[index].Trim();
            nonEmpty++;
            distinct.Add(cell);
            switch (Words(cell))
            {
                case NameKind.SingleWord:
                    single++;
                    break;
                case NameKind.FullName:
                    full++;
                    break;
                default:
                    break;
            }
        }

        // Too little to go on, or values that repeat like a status or a country.
        if (nonEmpty < 2 || (nonEmpty >= 4 && distinct.Count * 2 < nonEmpty))
        {
            return NameKind.None;
        }

        if (single * 5 >= nonEmpty * 4)
        {
            return NameKind.SingleWord;
        }

        return full * 5 >= nonEmpty * 4 ? NameKind.FullName : NameKind.None;
    }

    private static NameKind Words(string cell)
    {
        var words = 0;
        var capitalised = 0;
        foreach (var range in cell.AsSpan().Split(' '))
        {
            var word = cell.AsSpan()[range];
            if (word.IsEmpty)
            {
                continue;
            }

            words++;
            if (IsNameWord(word))
            {
                capitalised++;
            }
            else if (!IsLowerParticle(word))
            {
                return NameKind.None;
            }
        }

        return words switch
        {
            1 when capitalised == 1 && !NotNames.Contains(cell) => NameKind.SingleWord,
            >= 2 and <= 4 when capitalised >= 2 => NameKind.FullName,
            _ => NameKind.None,
        };
    }

    private static bool IsNameWord(ReadOnlySpan<char> word)
    {
        if (word.Length is < 2 or > 40 || !char.IsUpper(word[0]))
        {
            return false;
        }

        var allUpper = true;
        foreach (var c in word)
        {
            if (char.IsLetter(c))
            {
                allUpper &= char.IsUpper(c);
            }
            else if (c is not ('-' or '\'' or '\u2019' or '.'))
            {
                return false;
            }
        }

        // "FR", "USA", "NY": codes rather than names.
        return !(allUpper && word.Length <= 3);
    }

    private static bool IsLowerParticle(ReadOnlySpan<char> word) =>
        word is "de" or "da" or "di" or "du" or "des" or "del" or "della" or "der" or "den" or "van" or "von" or "la"
            or "le" or "dos" or "das" or "y" or "bin" or "al" or "el";
}
