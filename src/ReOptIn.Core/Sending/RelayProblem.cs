namespace ReOptIn.Core.Sending;

/// <summary>What went wrong talking to a relay, coarse enough to show a fix to the user.</summary>
public enum RelayProblem
{
    Dns,
    Refused,
    Timeout,
    Tls,
    Authentication,
    AuthenticationNotOffered,
    Rejected,
    Disconnected,
    Other,
}
