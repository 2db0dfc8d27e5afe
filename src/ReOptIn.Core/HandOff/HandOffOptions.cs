namespace ReOptIn.Core.HandOff;

/// <summary>The hand-off worker's settings (section <c>HandOff</c>).</summary>
public sealed class HandOffOptions
{
    public const string Section = "HandOff";

    /// <summary>Run the delivery worker in this instance.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often an idle worker looks for new confirmations and due retries. A confirmation, a replay or
    /// a new destination in this instance wakes it at once; other instances notice within this time.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Deliveries claimed at once by one worker.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Deliveries of a batch in flight at once.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>How long a claim holds; a delivery still claimed after it is tried again (the idempotency key makes that safe).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The first retry waits this long, doubling up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long temporary failures are retried before the delivery goes to the dead-letter list.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(72);

    /// <summary>ActiveCampaign's documented limit, per account, shared by every delivery of this instance.</summary>
    public int ActiveCampaignPerSecond { get; set; } = 5;

    /// <summary>Mailchimp's base URL pattern; {dc} is the key's data centre (the part after the last '-').</summary>
    public string MailchimpBaseUrl { get; set; } = "https://{dc}.api.mailchimp.com";
}
