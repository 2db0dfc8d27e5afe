using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Contacts;

namespace ReOptIn.Core.Confirming;

public enum LinkStatus
{
    /// <summary>No request has this token (mistyped, truncated, never sent).</summary>
    Unknown,

    /// <summary>The contact was erased: nothing about them may be shown.</summary>
    Erased,

    /// <summary>The campaign is closed or past its deadline: no more confirmations.</summary>
    Closed,

    Open,
}

/// <summary>What a link token leads to. <see cref="Request"/> is set unless <see cref="Status"/> is Unknown.</summary>
public sealed record RequestLink(LinkStatus Status, PermissionRequest? Request, Campaign? Campaign, Contact? Contact)
{
    public static readonly RequestLink Unknown = new(LinkStatus.Unknown, null, null, null);
}

/// <summary>Who submitted: the client's address and browser, as the receipt records them.</summary>
public sealed record ClientInfo(string? IpAddress, string? UserAgent);

/// <summary>The form's fields besides the consent box.</summary>
public sealed record ConfirmInput(string? FirstName, string? LastName, IReadOnlyList<string> Interests);

public enum ConfirmOutcome
{
    Confirmed,
    AlreadyConfirmed,
    /// <summary>The person said no before (decline or unsubscribe); a "yes" cannot undo a suppression here.</summary>
    AlreadyDeclined,
    /// <summary>The request is in a state that cannot be confirmed (not yet sent, bounced, complained…).</summary>
    Unavailable,
}

public enum DeclineOutcome
{
    Declined,
    AlreadyDeclined,
}
