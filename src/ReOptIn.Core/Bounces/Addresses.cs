using System.Text.RegularExpressions;

namespace ReOptIn.Core.Bounces;

/// <summary>Email addresses in report fields and free text.</summary>
internal static partial class Addresses
{
    [GeneratedRegex(@"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>The address of a DSN or ARF field ("rfc822; a@b", "RFC822;&lt;a@b&gt;", "a@b").</summary>
    public static string? FromField(string? value)
    {
        if (value is null) return null;
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var text = semicolon >= 0 ? value[(semicolon + 1)..] : value;
        return First(text) ?? First(value);
    }

    public static string? First(string? text) => text is null ? null : All(text).FirstOrDefault();

    /// <summary>The addresses in the text, in order, trimmed of surrounding dots, lowercased domain.</summary>
    public static IEnumerable<(string Address, int Index)> AllWithIndex(string text)
    {
        foreach (Match m in Pattern().Matches(text))
        {
            var address = m.Value.Trim('.');
            if (address.StartsWith('.') || !address.Contains('@', StringComparison.Ordinal)) continue;
            yield return (Normalise(address), m.Index);
        }
    }

    public static IEnumerable<string> All(string text) => AllWithIndex(text).Select(a => a.Address);

    public static string Normalise(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? address : address[..at] + "@" + address[(at + 1)..].ToLowerInvariant();
    }

    /// <summary>Mail system mailboxes: never the recipient that bounced.</summary>
    public static bool IsSystem(string address)
    {
        var local = address[..address.IndexOf('@', StringComparison.Ordinal)].ToLowerInvariant();
        return local is "mailer-daemon" or "postmaster" or "mail-daemon" or "maildaemon" or "daemon" or "root" or "noreply" or "no-reply"
            || local.StartsWith("mailer-daemon", StringComparison.Ordinal) || local.StartsWith("bounce", StringComparison.Ordinal) && local.Contains('+', StringComparison.Ordinal);
    }
}
