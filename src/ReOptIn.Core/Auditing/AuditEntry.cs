namespace ReOptIn.Core.Auditing;

/// <summary>
/// Who did what, and when: uploads, approvals, launches, pauses, exports, erasures, user and key
/// changes, Admin sign-ins. Never holds a contact's full address.
/// </summary>
public sealed class AuditEntry
{
    public AuditEntry(DateTime at, string action, string? actorId, string? actorName, string? subject, string? detail, string? ipAddress)
    {
        At = at;
        Action = action;
        ActorId = actorId;
        ActorName = actorName;
        Subject = subject;
        Detail = detail;
        IpAddress = ipAddress;
    }

    public long Id { get; private set; }

    public DateTime At { get; private set; }

    /// <summary>A dotted code such as <c>user.created</c> (see <see cref="AuditActions"/>).</summary>
    public string Action { get; private set; }

    public string? ActorId { get; private set; }

    /// <summary>The staff account, "system" or "api:{key name}".</summary>
    public string? ActorName { get; private set; }

    public string? Subject { get; private set; }

    public string? Detail { get; private set; }

    public string? IpAddress { get; private set; }
}
