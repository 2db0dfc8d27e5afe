using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace ReOptIn.Core.Importing.Addresses;

/// <summary>
/// Where a consent request by email itself counts as marketing (UK PECR, Canada CASL): contacts there
/// are excluded unless an admin records the lawful basis for asking them. Decided from the row's
/// country cell when it has one, otherwise from the address's top-level domain.
/// </summary>
public static class Jurisdictions
{
    /// <summary>The United Kingdom: the Privacy and Electronic Communications Regulations (PECR).</summary>
    public const string UnitedKingdom = "GB";

    /// <summary>Canada: Canada's Anti-Spam Legislation (CASL).</summary>
    public const string Canada = "CA";

    // Country cells as written in English, French, German and Spanish, folded (see Fold).
    private static readonly FrozenDictionary<string, string> Countries = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["gb"] = UnitedKingdom, ["uk"] = UnitedKingdom, ["gbr"] = UnitedKingdom,
        ["united kingdom"] = UnitedKingdom, ["the united kingdom"] = UnitedKingdom,
        ["united kingdom of great britain and northern ireland"] = UnitedKingdom,
        ["great britain"] = UnitedKingdom, ["britain"] = UnitedKingdom,
        ["england"] = UnitedKingdom, ["scotland"] = UnitedKingdom, ["wales"] = UnitedKingdom,
        ["northern ireland"] = UnitedKingdom,
        // French
        ["royaume uni"] = UnitedKingdom, ["grande bretagne"] = UnitedKingdom, ["angleterre"] = UnitedKingdom,
        ["ecosse"] = UnitedKingdom, ["pays de galles"] = UnitedKingdom, ["irlande du nord"] = UnitedKingdom,
        // German
        ["vereinigtes konigreich"] = UnitedKingdom, ["vereinigtes koenigreich"] = UnitedKingdom,
        ["grossbritannien"] = UnitedKingdom, ["schottland"] = UnitedKingdom, ["nordirland"] = UnitedKingdom,
        // Spanish
        ["reino unido"] = UnitedKingdom, ["gran bretana"] = UnitedKingdom, ["inglaterra"] = UnitedKingdom,
        ["escocia"] = UnitedKingdom, ["gales"] = UnitedKingdom, ["pais de gales"] = UnitedKingdom,
        ["irlanda del norte"] = UnitedKingdom,

        ["ca"] = Canada, ["can"] = Canada, ["canada"] = Canada, ["kanada"] = Canada,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // What people type for "no country"; such a cell leaves the decision to the domain.
    private static readonly FrozenSet<string> NoCountry = FrozenSet.ToFrozenSet(
        ["", "-", "--", "?", "n/a", "none", "unknown", "null", "nil", "not known", "not specified"], StringComparer.Ordinal);

    // Top-level domains: the country codes and the generic ones tied to the country.
    private static readonly FrozenDictionary<string, string> TopLevelDomains = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["uk"] = UnitedKingdom, ["gb"] = UnitedKingdom, ["scot"] = UnitedKingdom, ["wales"] = UnitedKingdom,
        ["cymru"] = UnitedKingdom, ["london"] = UnitedKingdom,
        ["ca"] = Canada, ["quebec"] = Canada,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly System.Buffers.SearchValues<char> AsciiLetters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static readonly FrozenSet<string> Codes = FrozenSet.ToFrozenSet([UnitedKingdom, Canada], StringComparer.Ordinal);

    /// <summary>Every jurisdiction code <see cref="ExclusionFor"/> can return.</summary>
    public static IReadOnlyCollection<string> All => Codes;

    /// <summary>
    /// <see cref="UnitedKingdom"/>, <see cref="Canada"/> or null. A country cell naming any other
    /// country wins over the domain: <c>("France", "jane@example.co.uk")</c> is not excluded.
    /// </summary>
    public static string? ExclusionFor(string? country, string normalizedEmail)
    {
        // A short cell of plain ASCII letters (FR, DE, Canada: nearly every row) folds to its lowercase
        // without the allocations of Fold: this runs for every row of a million-row import.
        Span<char> lower = stackalloc char[16];
        if (country is { Length: > 0 and <= 16 } && !country.AsSpan().ContainsAnyExcept(AsciiLetters))
        {
            var length = country.AsSpan().ToLowerInvariant(lower);
            var key = lower[..length];
            if (!NoCountry.GetAlternateLookup<ReadOnlySpan<char>>().Contains(key))
                return Countries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var fromCountry) ? fromCountry : null;
        }
        else
        {
            var folded = Fold(country);
            if (!NoCountry.Contains(folded)) return Countries.GetValueOrDefault(folded);
        }

        var domain = normalizedEmail.AsSpan(normalizedEmail.LastIndexOf('@') + 1).TrimEnd('.');
        var tld = domain[(domain.LastIndexOf('.') + 1)..];
        return TopLevelDomains.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(tld, out var code) ? code : null;
    }

    /// <summary>Why contacts of a jurisdiction are excluded, for people.</summary>
    public static string Describe(string code) => code switch
    {
        UnitedKingdom => "UK (PECR): a consent request by email counts as marketing there.",
        Canada => "Canada (CASL): a consent request by email counts as a commercial electronic message there.",
        _ => code,
    };

    /// <summary>Lowercase, no accents, ß as ss, dots dropped, hyphens and runs of spaces as one space.</summary>
    private static string Fold(string? country)
    {
        if (string.IsNullOrWhiteSpace(country)) return "";
        var decomposed = country.Trim().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c == '.') continue;
            var lower = char.ToLowerInvariant(c);
            if (lower == 'ß') builder.Append("ss");
            else if (char.IsWhiteSpace(c) || c is '-' or '_' or '\u2010' or '\u2011' or '\u2013')
            {
                if (builder.Length > 0 && builder[^1] != ' ') builder.Append(' ');
            }
            else builder.Append(lower);
        }
        return builder.ToString().TrimEnd();
    }
}
