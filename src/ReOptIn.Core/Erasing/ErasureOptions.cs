namespace ReOptIn.Core.Erasing;

/// <summary>The deadline job's settings (section <c>Erasure</c>).</summary>
public sealed class ErasureOptions
{
    public const string Section = "Erasure";

    /// <summary>Run the deadline and retention job in this instance (every instance may; one wins each campaign).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the job looks for campaigns past their deadline or retention period.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(1);
}
