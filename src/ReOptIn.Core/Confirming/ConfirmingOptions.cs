namespace ReOptIn.Core.Confirming;

/// <summary>The <c>PublicPages</c> configuration section: the contact-facing pages /c, /d and /u.</summary>
public sealed class ConfirmingOptions
{
    public const string Section = "PublicPages";

    /// <summary>Requests per minute per client IP address on /c, /d and /u; beyond, 429.</summary>
    public int PermitPerMinute { get; set; } = 60;

    /// <summary>Visits this soon after the request was sent are flagged as automated (scanners check links on arrival).</summary>
    public TimeSpan ScannerWindow { get; set; } = TimeSpan.FromSeconds(60);
}
