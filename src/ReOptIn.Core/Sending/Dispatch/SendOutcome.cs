using System.Text.RegularExpressions;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;

namespace ReOptIn.Core.Sending.Dispatch;

/// <summary>What the relay's answer means for the request: the rules of issue "Dispatch" in one place.</summary>
internal static partial class SendOutcome
{
    /// <summary>Records a relay failure on a request that is <c>Sending</c>. Returns a suppression to add (a 5.1.x refusal is a hard bounce).</summary>
    public static Suppression? Fail(PermissionRequest r, RelayException e, DateTime now, DispatchOptions options)
    {
        r.LastError = Trim(e.Message);
        r.LeaseExpiresAt = null;
        if (e.MayHaveBeenAccepted)
        {
            // It may have gone out: never again, and an admin can see why.
            r.MoveTo(RequestState.InDoubt, now);
            return null;
        }
        if (e.Permanent)
        {
            r.MoveTo(RequestState.Failed, now);
            return MailboxDoesNotExist().IsMatch(e.Message) ? new Suppression(r.AddressHash, SuppressionReason.HardBounce, now, "refused by the relay: " + Trim(e.Message, 200)) : null;
        }
        Defer(r, now, options);
        return null;
    }

    /// <summary>Not handed over (a 4xx, a broken connection before the recipient was accepted): tried again later, for a day.</summary>
    public static void Defer(PermissionRequest r, DateTime now, DispatchOptions options, string? reason = null)
    {
        if (reason is not null) r.LastError = Trim(reason);
        r.LeaseExpiresAt = null;
        if (now - (r.FirstAttemptAt ?? now) >= options.RetryFor)
        {
            r.LastError = $"Still refused after {options.RetryFor.TotalHours:0} hours: {r.LastError}";
            r.MoveTo(RequestState.Failed, now);
            return;
        }
        var backoff = TimeSpan.FromTicks(Math.Min(options.MaxBackoff.Ticks, options.FirstBackoff.Ticks * (1L << Math.Min(20, Math.Max(0, r.Attempts - 1)))));
        r.NextAttemptAt = now + backoff;
        r.MoveTo(RequestState.Deferred, now);
    }

    private static string Trim(string s, int max = 1000) => s.Length <= max ? s : s[..max];

    // Enhanced status 5.1.x: the address itself is wrong (no such user, no such domain).
    [GeneratedRegex(@"\b5\.1\.\d{1,3}\b")]
    private static partial Regex MailboxDoesNotExist();
}
