namespace ReOptIn.Core.Confirming;

/// <summary>
/// One opening of a request's confirmation link. Evidence only: a visit never opts anyone in,
/// because link scanners open links too. Kept in its own table, keyed by the request.
/// </summary>
public sealed class RequestVisit
{
    public RequestVisit(long requestId, DateTime at, string method, string? ipAddress, string? userAgent, string? automatedReason)
    {
        RequestId = requestId;
        At = at;
        Method = method;
        IpAddress = ipAddress;
        UserAgent = userAgent;
        AutomatedReason = automatedReason;
    }

    public long Id { get; private set; }

    public long RequestId { get; private set; }

    public DateTime At { get; private set; }

    /// <summary>GET or HEAD.</summary>
    public string Method { get; private set; }

    public string? IpAddress { get; private set; }

    public string? UserAgent { get; private set; }

    /// <summary>Why it looks like a machine (<see cref="ScannerDetector"/>); null when it looks like a person.</summary>
    public string? AutomatedReason { get; private set; }

    public bool Automated => AutomatedReason is not null;
}
