namespace ReOptIn.Core.Sending;

/// <summary>A relay failure in plain words. Never carries the password.</summary>
public sealed class RelayException : Exception
{
    public RelayException()
    {
    }

    public RelayException(string message)
        : base(message)
    {
    }

    public RelayException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RelayException(RelayProblem problem, string message, bool permanent = false, int? smtpStatusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Problem = problem;
        Permanent = permanent;
        SmtpStatusCode = smtpStatusCode;
    }

    public RelayProblem Problem { get; } = RelayProblem.Other;

    /// <summary>True when retrying this message to this recipient cannot help (a 5xx rejection).</summary>
    public bool Permanent { get; }

    public int? SmtpStatusCode { get; }

    /// <summary>
    /// The connection broke after the relay accepted the recipient, while the message itself was
    /// being transferred: the relay may have taken it. Such a message is never sent again.
    /// </summary>
    public bool MayHaveBeenAccepted { get; init; }
}
