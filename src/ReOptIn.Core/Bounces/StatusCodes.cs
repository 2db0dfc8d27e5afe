using System.Text.RegularExpressions;

namespace ReOptIn.Core.Bounces;

/// <summary>SMTP reply codes (RFC 5321) and enhanced status codes (RFC 3463) found in report text.</summary>
internal static partial class StatusCodes
{
    // Enhanced status: class.subject.detail, not part of an IP address or a version number.
    [GeneratedRegex(@"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)", RegexOptions.CultureInvariant)]
    private static partial Regex EnhancedPattern();

    // A reply code that starts a line or follows "said:", "smtp;", "(" or a space before an enhanced code.
    [GeneratedRegex(@"(?:^|[\s;:(\[""-])([245][0-5]\d)(?=[\s-]|$)", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex ReplyPattern();

    /// <summary>The first enhanced status code in the text, e.g. "5.1.1"; codes of success are skipped unless nothing else is there.</summary>
    public static string? FindEnhanced(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        string? success = null;
        foreach (Match m in EnhancedPattern().Matches(text))
        {
            if (m.Groups[1].Value != "2") return m.Value;
            success ??= m.Value;
        }
        return success;
    }

    /// <summary>
    /// When a diagnostic holds two different failure codes, the later one is the remote server's answer
    /// quoted by a relay: its code and the text after it.
    /// </summary>
    public static (string Status, string Text)? InnerAnswer(string? diagnostic)
    {
        if (string.IsNullOrEmpty(diagnostic)) return null;
        var codes = EnhancedPattern().Matches(diagnostic).Where(m => m.Groups[1].Value != "2").ToList();
        if (codes.Count < 2 || codes.All(c => c.Value == codes[0].Value)) return null;
        var last = codes[^1];
        return (last.Value, diagnostic[last.Index..]);
    }

    /// <summary>The first 4xx or 5xx SMTP reply code in the text.</summary>
    public static string? FindReply(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        foreach (Match m in ReplyPattern().Matches(text))
        {
            var code = m.Groups[1].Value;
            if (code[0] is '4' or '5') return code;
        }
        return null;
    }

    /// <summary>Normalises a DSN Status field ("5.1.1 (user unknown)" → "5.1.1").</summary>
    public static string? Normalise(string? status) => FindEnhanced(status);

    /// <summary>Only says permanent or temporary (x.0.0): a code in the diagnostic text says more.</summary>
    public static bool IsGeneric(string? status) => status is null || status.EndsWith(".0.0", StringComparison.Ordinal);

    /// <summary>
    /// The reason a specific enhanced status code means, or null for the generic ones (x.0.0, x.5.0…)
    /// that say only "permanent" or "temporary": those need the text.
    /// </summary>
    public static string? ReasonOf(string? status)
    {
        if (status is null) return null;
        var parts = status.Split('.');
        if (parts.Length != 3) return null;
        var temporary = parts[0] == "4";
        return (parts[1], parts[2]) switch
        {
            ("1", "1") or ("1", "3") => BounceReasons.UserUnknown,
            ("1", "0") => temporary ? null : BounceReasons.UserUnknown,
            ("1", "2") => BounceReasons.DomainNotFound,
            ("1", "6") => BounceReasons.HasMoved,
            ("1", "10") => BounceReasons.NotAccept,
            ("1", "7") or ("1", "8") => BounceReasons.Rejected,
            ("2", "1") => BounceReasons.Filtered,
            ("2", "2") => BounceReasons.MailboxFull,
            ("2", "3") => BounceReasons.ExceedLimit,
            ("2", "4") => BounceReasons.SystemError,
            ("3", "1") => BounceReasons.MailboxFull,
            ("3", "4") => BounceReasons.MessageTooLarge,
            ("3", _) => BounceReasons.MailerError,
            ("4", "1") => temporary ? BounceReasons.NetworkError : BounceReasons.Rejected,
            ("4", "4") => temporary ? BounceReasons.NetworkError : BounceReasons.DomainNotFound,
            ("4", "7") => BounceReasons.Expired,
            ("4", _) => BounceReasons.NetworkError,
            ("5", _) => BounceReasons.SyntaxError,
            ("6", _) => BounceReasons.Rejected,
            ("7", "1") => BounceReasons.Blocked,
            ("7", "9") => BounceReasons.Policy,
            ("7", "13") => BounceReasons.Suspended,
            ("7", "25") => BounceReasons.RequirePtr,
            ("7", "23") or ("7", "26") or ("7", "27") or ("7", "509") => BounceReasons.AuthFailure,
            ("7", "0") => BounceReasons.Blocked,
            ("7", _) => BounceReasons.SecurityError,
            _ => null,
        };
    }
}
