namespace ReOptIn.Core.Campaigns;

/// <summary>
/// Where one permission request (one contact in one campaign) stands. The allowed moves are in
/// <see cref="StateTransitions"/>. Contacts rejected at import never get a request.
/// </summary>
public enum RequestState
{
    /// <summary>Created at launch; waiting for the sending worker.</summary>
    Queued,

    /// <summary>Claimed and about to be handed to the relay. A crash here leaves it <see cref="InDoubt"/>, never re-sent.</summary>
    Sending,

    /// <summary>
    /// The relay refused it temporarily (4xx, or the connection failed) before the message was handed
    /// over: nothing went out. Claimed again after a backoff, for up to a day, then <see cref="Failed"/>.
    /// </summary>
    Deferred,

    /// <summary>The relay accepted it. A soft bounce leaves it here.</summary>
    Sent,

    /// <summary>Someone (a person or a link scanner) opened the link. Proves nothing.</summary>
    Visited,

    /// <summary>The person submitted the form: the only way in.</summary>
    Confirmed,

    /// <summary>Confirmed and delivered to every configured marketing destination.</summary>
    HandedOff,

    /// <summary>Said no, by the form or one-click unsubscribe; suppressed.</summary>
    Declined,

    /// <summary>Hard bounce; suppressed.</summary>
    Bounced,

    /// <summary>Marked as spam; suppressed.</summary>
    Complained,

    /// <summary>The relay refused it permanently before accepting it.</summary>
    Failed,

    /// <summary>The process died between hand-over and record: it may have gone out, so it is never re-sent.</summary>
    InDoubt,

    /// <summary>No answer when the campaign closed; the contact was erased.</summary>
    Expired,
}
