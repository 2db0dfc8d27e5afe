using System.Buffers;
using System.Globalization;
using System.Text;

namespace ReOptIn.Core.Importing.Addresses;

/// <summary>
/// Cleans and validates one address cell of an uploaded list: trims spaces and invisible characters,
/// drops <c>mailto:</c>, takes the address out of <c>Name &lt;addr&gt;</c>, keeps the first of several
/// addresses, and checks the address against the conservative bulk-sending policy of ADR-0005.
/// Runs for every row of million-row files: a plain, clean address takes a fast path with no
/// regular expressions and two small allocations (the result and its display domain).
/// </summary>
public static class AddressParser
{
    /// <summary>The longest address that fits a mail path (RFC 5321: 256 octets with the angle brackets).</summary>
    public const int MaxAddressLength = 254;

    /// <summary>The longest local part (before the @) mail servers must accept.</summary>
    public const int MaxLocalPartLength = 64;

    /// <summary>The longest domain name, in its ASCII form.</summary>
    public const int MaxDomainLength = 253;

    /// <summary>The longest label (the text between two dots) of a domain name.</summary>
    public const int MaxLabelLength = 63;

    private const string Atext = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~";

    // Characters of a dot-atom local part, of an LDH domain, and of a cell that needs no cleaning at all.
    private static readonly SearchValues<char> LocalChars = SearchValues.Create(Atext + ".");
    private static readonly SearchValues<char> DomainChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.");
    private static readonly SearchValues<char> PlainCellChars = SearchValues.Create(Atext + ".@");
    private static readonly SearchValues<char> Letters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    // Top-level domains that can never receive mail from the internet (RFC 2606, 6761, 6762, 7686, 9476; ICANN .internal).
    private static readonly string[] SpecialUseTopLevelDomains = ["invalid", "localhost", "test", "local", "onion", "arpa", "example", "internal", "alt"];

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    private static readonly ParsedAddress EmptyCell = new() { Rejection = RejectReasons.Empty };

    /// <summary>
    /// Reads one address cell. The first address in the cell is the contact; any further ones are
    /// listed in <see cref="ParsedAddress.OtherAddresses"/>. Never throws.
    /// </summary>
    public static ParsedAddress Parse(string? cell)
    {
        if (cell is null) return EmptyCell;
        var start = 0;
        var end = cell.Length;
        while (start < end && IsTrimmed(cell[start])) start++;
        while (end > start && IsTrimmed(cell[end - 1])) end--;
        if (start == end) return EmptyCell;

        var text = cell.AsSpan(start, end - start);

        // Fast path: nothing but address characters and exactly one @ (the common case).
        if (text.IndexOfAnyExcept(PlainCellChars) < 0 && text.IndexOf('@') == text.LastIndexOf('@') && text.IndexOf('@') >= 0)
            return Check(text.Length == cell.Length ? cell : null, text).ToParsed(name: null, others: []);

        return ParseMessy(cell, text);
    }

    /// <summary>
    /// Checks one bare address exactly as given (no trimming, no <c>Name &lt;…&gt;</c>, no <c>mailto:</c>)
    /// against the policy. Returns null when it may be sent to, or the reason code from
    /// <see cref="RejectReasons"/> when it may not.
    /// </summary>
    public static string? Check(string? address) =>
        string.IsNullOrEmpty(address) ? RejectReasons.Empty : Check(address, address.AsSpan()).Rejection;

    private static ParsedAddress ParseMessy(string cell, ReadOnlySpan<char> text)
    {
        // A whole-cell mailto: link may carry several recipients ("mailto:a@x.com,b@y.com?subject=…").
        StripMailto(ref text);
        if (text.IsEmpty) return EmptyCell;

        var parts = SplitAddresses(text);
        var contact = Extract(text[parts[0]], out var name, out var unclosed);

        IReadOnlyList<string> others = [];
        if (parts.Count > 1)
        {
            var list = new List<string>(parts.Count - 1);
            for (var i = 1; i < parts.Count; i++)
            {
                var other = Extract(text[parts[i]], out _, out _);
                if (other.IsEmpty) continue;
                list.Add(Check(null, other) is { Rejection: null, Email: { } email } ? email : other.ToString());
            }
            others = list;
        }

        if (unclosed) return new ParsedAddress { Rejection = RejectReasons.UnclosedAngleBracket, NameInCell = name, OtherAddresses = others };
        if (contact.IsEmpty) return new ParsedAddress { Rejection = RejectReasons.Empty, NameInCell = name, OtherAddresses = others };
        return Check(contact.Length == cell.Length ? cell : null, contact).ToParsed(name, others);
    }

    /// <summary>
    /// The ranges of the addresses in a cell. Google Contacts joins them with " ::: "; other tools
    /// with ';', ',' or spaces. A separator splits only when every part holds an @, so
    /// <c>Doe, Jane &lt;jane@example.com&gt;</c> and <c>Jane Doe &lt;jane@example.com&gt;</c> stay whole.
    /// </summary>
    private static List<Range> SplitAddresses(ReadOnlySpan<char> text)
    {
        var parts = new List<Range>();
        if (text.IndexOf(":::", StringComparison.Ordinal) >= 0)
        {
            var offset = 0;
            while (true)
            {
                var sep = text[offset..].IndexOf(":::", StringComparison.Ordinal);
                var stop = sep < 0 ? text.Length : offset + sep;
                AddTrimmed(parts, text, offset, stop);
                if (sep < 0) break;
                offset = stop + 3;
            }
            if (parts.Count == 0) parts.Add(Range.All);
            return parts;
        }

        if (SplitOutsideQuotes(text, parts, static c => c is ';' or ',') && (parts.Count == 1 || AllHoldAt(text, parts)))
            return parts;
        parts.Clear();
        if (SplitOutsideQuotes(text, parts, IsTrimmed) && parts.Count > 1 && AllHoldAt(text, parts))
            return parts;
        parts.Clear();
        parts.Add(Range.All);
        return parts;
    }

    // Splits at separators outside "quotes" and <angle brackets>; false when there was no separator.
    private static bool SplitOutsideQuotes(ReadOnlySpan<char> text, List<Range> parts, Func<char, bool> isSeparator)
    {
        var inQuotes = false;
        var inAngles = false;
        var found = false;
        var begin = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '\\') i++;
                else if (c == '"') inQuotes = false;
            }
            else if (c == '"') inQuotes = true;
            else if (c == '<') inAngles = true;
            else if (c == '>') inAngles = false;
            else if (!inAngles && isSeparator(c))
            {
                found = true;
                AddTrimmed(parts, text, begin, i);
                begin = i + 1;
            }
        }
        if (!found) return false;
        AddTrimmed(parts, text, begin, text.Length);
        return parts.Count > 0;
    }

    private static void AddTrimmed(List<Range> parts, ReadOnlySpan<char> text, int start, int end)
    {
        while (start < end && IsTrimmed(text[start])) start++;
        while (end > start && IsTrimmed(text[end - 1])) end--;
        if (start < end) parts.Add(start..end);
    }

    private static bool AllHoldAt(ReadOnlySpan<char> text, List<Range> parts)
    {
        foreach (var part in parts)
            if (text[part].IndexOf('@') < 0) return false;
        return true;
    }

    /// <summary>The address of one part: the inside of <c>Name &lt;addr&gt;</c>, without <c>mailto:</c>.</summary>
    private static ReadOnlySpan<char> Extract(ReadOnlySpan<char> part, out string? name, out bool unclosed)
    {
        name = null;
        unclosed = false;
        part = Trim(part);
        StripMailto(ref part);
        if (part.IsEmpty) return part;

        if (part[^1] == '>')
        {
            var open = OpeningAngle(part);
            if (open >= 0)
            {
                name = CleanName(part[..open]);
                var inner = Trim(part[(open + 1)..^1]);
                StripMailto(ref inner);
                return inner;
            }
        }
        else if (OpeningAngle(part) >= 0)
        {
            unclosed = true;
        }
        return part;
    }

    // The last '<' outside quotes; when quotes do not balance, simply the last '<'.
    private static int OpeningAngle(ReadOnlySpan<char> part)
    {
        var inQuotes = false;
        var open = -1;
        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i];
            if (inQuotes)
            {
                if (c == '\\') i++;
                else if (c == '"') inQuotes = false;
            }
            else if (c == '"') inQuotes = true;
            else if (c == '<') open = i;
        }
        return inQuotes ? part.LastIndexOf('<') : open;
    }

    // "mailto:jane@example.com?subject=Hi" → "jane@example.com" (percent-decoded, as in a link).
    private static void StripMailto(ref ReadOnlySpan<char> text)
    {
        if (!text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) return;
        text = text["mailto:".Length..];
        var query = text.IndexOf('?');
        if (query >= 0) text = text[..query];
        text = Trim(text);
        if (text.IndexOf('%') >= 0) text = Uri.UnescapeDataString(text.ToString());
    }

    private static string? CleanName(ReadOnlySpan<char> raw)
    {
        var builder = new StringBuilder(raw.Length);
        var pendingSpace = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length) c = raw[++i];
            else if (c == '"') continue;
            if (IsTrimmed(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace) builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }
        var name = builder.ToString().Trim(';', ',', ':', '\'', ' ');
        return name.Length == 0 ? null : name;
    }

    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsTrimmed(text[start])) start++;
        while (end > start && IsTrimmed(text[end - 1])) end--;
        return text[start..end];
    }

    /// <summary>Whitespace (including NBSP, CR, LF, TAB) and zero-width characters, trimmed off cells.</summary>
    private static bool IsTrimmed(char c) =>
        c <= ' ' ? c is ' ' or '\t' or '\r' or '\n' or '\v' or '\f'
        : c >= '\u0080' && (char.IsWhiteSpace(c) || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u180E');

    /// <summary>
    /// Checks one bare address. <paramref name="owner"/> is the string the span covers entirely, if
    /// any, so that a clean address is returned as is rather than copied.
    /// </summary>
    private static Checked Check(string? owner, ReadOnlySpan<char> address)
    {
        if (address.IsEmpty) return Checked.Reject(RejectReasons.Empty);
        var at = address.LastIndexOf('@');
        if (at < 0) return Checked.Reject(RejectReasons.NoAtSign);

        var local = address[..at];
        var domain = address[(at + 1)..];
        var reason = CheckCharacters(address, local, domain);
        if (reason is not null) return Checked.Reject(reason);
        if (local.IsEmpty) return Checked.Reject(RejectReasons.MissingLocalPart);
        if (domain.IsEmpty) return Checked.Reject(RejectReasons.MissingDomain);

        reason = CheckLocalPart(local);
        if (reason is not null) return Checked.Reject(reason);

        // The domain in ASCII: as given, or the punycode of an internationalised domain.
        string? asciiDomain = null;
        string? unicodeDomain = null;
        if (!Ascii.IsValid(domain))
        {
            var lowered = domain.ToString().ToLowerInvariant();
            if (!lowered.IsNormalized()) lowered = lowered.Normalize();
            try
            {
                asciiDomain = Idn.GetAscii(lowered);
                // Reject what IDNA only maps (full-width letters, odd dots): the cell must already be the real name.
                if (!string.Equals(Idn.GetUnicode(asciiDomain), lowered, StringComparison.Ordinal))
                    return Checked.Reject(RejectReasons.InvalidInternationalDomain);
            }
            catch (ArgumentException)
            {
                return Checked.Reject(RejectReasons.InvalidInternationalDomain);
            }
            unicodeDomain = lowered;
            domain = asciiDomain;
        }

        reason = CheckAsciiDomain(domain, out var hasPunycode);
        if (reason is not null) return Checked.Reject(reason);
        if (local.Length + 1 + domain.Length > MaxAddressLength) return Checked.Reject(RejectReasons.TooLong);

        // The send form: local part as given, domain lowercased ASCII; reuse the cell when it already is.
        if (asciiDomain is null && domain.ContainsAnyInRange('A', 'Z')) asciiDomain = domain.ToString().ToLowerInvariant();
        var email = asciiDomain is null && owner is not null
            ? owner
            : string.Concat(local, "@", asciiDomain is null ? domain : asciiDomain.AsSpan());
        var emailDomain = email.AsSpan(local.Length + 1);
        var normalized = local.ContainsAnyInRange('A', 'Z') ? email.ToLowerInvariant() : email;

        // (A plain ASCII domain is its own display form: ParsedAddress takes it from the email when asked.)
        if (unicodeDomain is null && hasPunycode)
        {
            try
            {
                unicodeDomain = Idn.GetUnicode(asciiDomain ?? emailDomain.ToString());
            }
            catch (ArgumentException)
            {
                return Checked.Reject(RejectReasons.InvalidInternationalDomain);
            }
        }

        var flags = AddressFlags.None;
        if (AddressLists.IsRoleLocalPart(local)) flags |= AddressFlags.RoleAccount;
        if (AddressLists.IsDisposableDomain(emailDomain)) flags |= AddressFlags.DisposableDomain;
        return new Checked(null, email, normalized, unicodeDomain, flags);
    }

    /// <summary>What the characters alone rule out, most telling reason first.</summary>
    private static string? CheckCharacters(ReadOnlySpan<char> address, ReadOnlySpan<char> local, ReadOnlySpan<char> domain)
    {
        var invisible = false;
        var space = false;
        var comment = false;
        foreach (var c in address)
        {
            if (c < '\u0080')
            {
                if (c < ' ' || c == '\u007F') invisible = true;
                else if (c == ' ') space = true;
                else if (c is '(' or ')') comment = true;
            }
            else if (char.IsWhiteSpace(c)) space = true;
            else if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format) invisible = true;
        }
        if (invisible) return RejectReasons.InvisibleCharacters;
        if (local.IndexOf('"') >= 0) return RejectReasons.QuotedLocalPart;
        if (comment) return RejectReasons.Comment;
        if (!domain.IsEmpty && (domain[0] == '[' || domain[^1] == ']')) return RejectReasons.DomainLiteral;
        if (space) return RejectReasons.ContainsSpace;
        if (local.IndexOf('@') >= 0) return RejectReasons.SeveralAtSigns;
        return null;
    }

    private static string? CheckLocalPart(ReadOnlySpan<char> local)
    {
        var bad = local.IndexOfAnyExcept(LocalChars);
        if (bad >= 0) return local[bad] >= '\u0080' ? RejectReasons.NonAsciiLocalPart : RejectReasons.InvalidLocalPart;
        if (local[0] == '.' || local[^1] == '.') return RejectReasons.LeadingOrTrailingDot;
        if (local.IndexOf("..", StringComparison.Ordinal) >= 0) return RejectReasons.ConsecutiveDots;
        if (local.Length > MaxLocalPartLength) return RejectReasons.LocalPartTooLong;
        return null;
    }

    /// <summary>A host name of LDH labels with at least two labels and a real top-level domain.</summary>
    private static string? CheckAsciiDomain(ReadOnlySpan<char> domain, out bool hasPunycode)
    {
        hasPunycode = false;
        if (domain[0] == '.' || domain[^1] == '.') return RejectReasons.LeadingOrTrailingDot;
        if (domain.IndexOf("..", StringComparison.Ordinal) >= 0) return RejectReasons.ConsecutiveDots;
        if (domain.IndexOfAnyExcept(DomainChars) >= 0) return RejectReasons.InvalidDomain;
        if (domain.Length > MaxDomainLength) return RejectReasons.DomainTooLong;

        var labels = 0;
        var rest = domain;
        ReadOnlySpan<char> label;
        while (true)
        {
            var dot = rest.IndexOf('.');
            label = dot < 0 ? rest : rest[..dot];
            labels++;
            if (label.Length > MaxLabelLength) return RejectReasons.DomainTooLong;
            if (label[0] == '-' || label[^1] == '-') return RejectReasons.InvalidDomain;
            if (label.Length >= 4 && label[2] == '-' && label[3] == '-')
            {
                // Reserved for encodings: only xn-- (punycode) is in use.
                if (!label.StartsWith("xn", StringComparison.OrdinalIgnoreCase)) return RejectReasons.InvalidDomain;
                hasPunycode = true;
            }
            if (dot < 0) break;
            rest = rest[(dot + 1)..];
        }
        if (labels < 2) return RejectReasons.SingleLabelDomain;

        var tld = label;
        var punycodeTld = tld.StartsWith("xn--", StringComparison.OrdinalIgnoreCase);
        if (!punycodeTld && (tld.Length < 2 || tld.ContainsAnyExcept(Letters)))
            return RejectReasons.InvalidTopLevelDomain;
        foreach (var special in SpecialUseTopLevelDomains)
            if (tld.Equals(special, StringComparison.OrdinalIgnoreCase)) return RejectReasons.SpecialUseDomain;
        return null;
    }

    private readonly record struct Checked(string? Rejection, string? Email, string? Normalized, string? DisplayDomain, AddressFlags Flags)
    {
        public static Checked Reject(string reason) => new(reason, null, null, null, AddressFlags.None);

        public ParsedAddress ToParsed(string? name, IReadOnlyList<string> others) => new()
        {
            Email = Email,
            Normalized = Normalized,
            DisplayDomain = DisplayDomain,
            NameInCell = name,
            OtherAddresses = others,
            Rejection = Rejection,
            Flags = Flags,
        };
    }
}
