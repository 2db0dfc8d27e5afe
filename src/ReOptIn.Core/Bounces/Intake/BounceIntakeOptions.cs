namespace ReOptIn.Core.Bounces.Intake;

/// <summary>Reading returned messages (section <c>Bounces</c>).</summary>
public sealed class BounceIntakeOptions
{
    public const string Section = "Bounces";

    /// <summary>Run the mailbox reader in this instance.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often a mailbox is looked at when its server does not offer IDLE (and after a failure).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// An IDLE is ended and started again after this long (servers may drop an IDLE after 30 minutes,
    /// RFC 2177); never more than 29 minutes.
    /// </summary>
    public TimeSpan IdleRestart { get; set; } = TimeSpan.FromMinutes(25);

    /// <summary>How long an instance holds a mailbox without renewing; another takes over after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Connecting, TLS, login and each command give up after this long.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A message is read up to this size (a bounce needs its headers and report, not a 40 MB attachment).</summary>
    public int MaxMessageBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The largest .eml or .mbox file the upload page takes.</summary>
    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;
}
