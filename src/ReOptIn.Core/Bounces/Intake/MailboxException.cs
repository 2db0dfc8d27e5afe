namespace ReOptIn.Core.Bounces.Intake;

/// <summary>A bounce mailbox could not be read: <see cref="Step"/> names what failed, the message says why in plain words.</summary>
public sealed class MailboxException : Exception
{
    public MailboxException(string step, string message, Exception? innerException = null) : base(message, innerException) => Step = step;

    public MailboxException()
    {
        Step = "";
    }

    public MailboxException(string message) : base(message)
    {
        Step = "";
    }

    public MailboxException(string message, Exception innerException) : base(message, innerException)
    {
        Step = "";
    }

    /// <summary>"Connect", "TLS", "Sign in", "Open folder" or "Processed folder".</summary>
    public string Step { get; }

    /// <summary>The steps that worked before this one.</summary>
    public IReadOnlyList<string> StepsDone { get; internal set; } = [];
}
