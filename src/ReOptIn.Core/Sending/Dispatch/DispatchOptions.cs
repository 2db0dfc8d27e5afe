namespace ReOptIn.Core.Sending.Dispatch;

/// <summary>The sending worker's settings (section <c>Sending</c>).</summary>
public sealed class DispatchOptions
{
    public const string Section = "Sending";

    /// <summary>Run the sending worker in this instance.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Requests claimed and marked <c>Sending</c> at once per connection, with one commit per group
    /// (ADR-0015). A connection claims the next group while it sends one (ADR-0018), so a process
    /// killed mid-group leaves at most twice this many requests per connection in doubt.
    /// </summary>
    public int GroupSize { get; set; } = 50;

    /// <summary>Larger groups are cut to this (the group's statements carry three parameters per request).</summary>
    public const int MaxGroupSize = 500;

    /// <summary>How long a claim holds; a request still <c>Sending</c> after it becomes in doubt.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long temporary refusals are retried before the request fails.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The first retry waits this long, doubling up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After a connection-level failure (refused, DNS, TLS, login), a connection waits this long.</summary>
    public TimeSpan RelayPause { get; set; } = TimeSpan.FromSeconds(30);

    public AutoPauseOptions AutoPause { get; set; } = new();

    public sealed class AutoPauseOptions
    {
        /// <summary>Sends before the rates are judged.</summary>
        public int MinimumSends { get; set; } = 200;

        public double HardBounceRate { get; set; } = 0.05;

        public double ComplaintRate { get; set; } = 0.001;

        /// <summary>How often the rates are judged while a campaign sends.</summary>
        public TimeSpan CheckEvery { get; set; } = TimeSpan.FromSeconds(3);
    }
}
