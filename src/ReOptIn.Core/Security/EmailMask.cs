using System.Text.RegularExpressions;

namespace ReOptIn.Core.Security;

/// <summary>Hides the local part of email addresses: <c>jane.doe@example.com</c> → <c>j***@example.com</c>.</summary>
public static partial class EmailMask
{
    // Loose on purpose: anything that looks like local@domain.tld is masked, valid or not. The kept
    // first character is a letter or digit, so a quote before an address is not taken for it.
    [GeneratedRegex(@"(?<first>[\p{L}\p{N}_])[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]*@(?<domain>[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)",
        RegexOptions.CultureInvariant)]
    private static partial Regex AddressPattern();

    public static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        if (at < 0) return "***";
        return at == 0 ? "***" + address[at..] : address[0] + "***" + address[at..];
    }

    /// <summary>Masks every address found anywhere in <paramref name="text"/>.</summary>
    public static string MaskAll(string text) =>
        text.Contains('@', StringComparison.Ordinal)
            ? AddressPattern().Replace(text, m => m.Groups["first"].Value + "***@" + m.Groups["domain"].Value)
            : text;
}
