using System.Text.RegularExpressions;

namespace ReOptIn.Core.Bounces;

/// <summary>Corrections to a reason found by phrase or code, from what else the report says.</summary>
internal static partial class ReasonRules
{
    // The refusal came after DATA: the address was accepted at RCPT TO, so the content or a filter was refused, not the address.
    [GeneratedRegex(@"(in reply to|after) (the )?end of data|in reply to data|after data|>>> DATA\s*\n\s*<<<\s*[45]|SMTP command\W*\n\W*DATA\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AfterData();

    // au/ezweb answer "550 : User unknown" (no address) when the recipient's filter refuses the sender.
    [GeneratedRegex(@"\b550 : User unknown", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CarrierFilter();

    public static string Apply(string? reason, string? status, string? replyCode, string? diagnostic, string? context)
    {
        // A local delivery program (procmail, a pipe) failed: the mailbox exists.
        if (diagnostic is not null && diagnostic.TrimStart().StartsWith("x-unix", StringComparison.OrdinalIgnoreCase)) return BounceReasons.MailerError;

        var temporary = status is not null ? status.StartsWith('4') : replyCode is not null && replyCode.StartsWith('4');
        var text = (diagnostic ?? "") + "\n" + (context ?? "");
        var addressStatus = status is not null && status[1..].StartsWith(".1.", StringComparison.Ordinal);
        if (reason == BounceReasons.UserUnknown && !addressStatus && (AfterData().IsMatch(text) || CarrierFilter().IsMatch(text)))
            return BounceReasons.Filtered;
        // A DNS failure reported as temporary may clear: never suppress on it.
        if (reason == BounceReasons.DomainNotFound && temporary) return BounceReasons.NetworkError;
        // A temporary answer is hard only when its code names the address (4.1.1 from a server that defers its "no").
        if (reason == BounceReasons.UserUnknown && temporary && !addressStatus)
            return text.Contains("dns", StringComparison.OrdinalIgnoreCase) ? BounceReasons.NetworkError : BounceReasons.SystemError;
        // Google Groups answers a post to a missing group, or by a non-member, the same way: a refusal, as sisimai files it.
        if (reason is null or BounceReasons.Unknown && text.Contains("groups.google.com", StringComparison.OrdinalIgnoreCase)) return BounceReasons.Rejected;
        if (reason is null or BounceReasons.Unknown) return temporary ? BounceReasons.SystemError : BounceReasons.Unknown;
        return reason;
    }
}
