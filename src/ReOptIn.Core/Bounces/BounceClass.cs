namespace ReOptIn.Core.Bounces;

/// <summary>What a message returned to the bounce address means for the request it answers.</summary>
public enum BounceClass
{
    /// <summary>The address or its domain does not exist: suppress it.</summary>
    Hard,

    /// <summary>Full mailbox, blocked, filtered, expired…: may succeed later (there is no second send, so it is counted).</summary>
    Soft,

    /// <summary>An ARF feedback report: the recipient called the request spam; suppress like a decline.</summary>
    Complaint,

    /// <summary>Not a bounce: an auto-reply, a delivery or read receipt.</summary>
    None,

    /// <summary>Could not be classified: an Admin decides.</summary>
    Unknown,
}
