using System.Globalization;

namespace ReOptIn.Core.Contacts;

/// <summary>The comparison form of an address: what makes two spellings "the same address".</summary>
public static class EmailAddress
{
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    /// <summary>
    /// Trims, lowercases, and writes an internationalised domain in its ASCII (xn--) form, so that
    /// <c>Jane@Exämple.com</c> and <c>jane@xn--exmple-cua.com</c> are one address. Provider-specific
    /// rules (Gmail dots, plus tags) are deliberately not applied: they would merge distinct people
    /// elsewhere. Returns null when there is no single '@' with text on both sides.
    /// </summary>
    public static string? Normalize(string? raw)
    {
        if (raw is null) return null;
        var address = raw.Trim();
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@') != at) return null;
        var local = address[..at];
        var domain = address[(at + 1)..].TrimEnd('.');
        if (domain.Length == 0) return null;
        try
        {
            domain = Idn.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return null;
        }
        return string.Concat(local.ToLowerInvariant(), "@", domain.ToLowerInvariant());
    }

    /// <summary>
    /// The address as people read it: an internationalised domain stored in its ASCII (xn--) form
    /// for sending is shown in Unicode again (<c>jane@xn--exmple-cua.com</c> → <c>jane@exämple.com</c>).
    /// </summary>
    public static string ForDisplay(string address)
    {
        var at = address.LastIndexOf('@');
        if (at < 0 || !address.AsSpan(at + 1).Contains("xn--", StringComparison.OrdinalIgnoreCase)) return address;
        try
        {
            return string.Concat(address.AsSpan(0, at + 1), Idn.GetUnicode(address[(at + 1)..]));
        }
        catch (ArgumentException)
        {
            return address;
        }
    }
}
