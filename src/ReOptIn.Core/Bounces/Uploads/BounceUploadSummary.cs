using System.Globalization;
using System.Text.Json;

namespace ReOptIn.Core.Bounces.Uploads;

/// <summary>What an upload did so far: counts per class and per action, as saved on its <see cref="BounceUploadJob"/>.</summary>
public sealed class BounceUploadSummary
{
    public int Messages { get; private set; }

    public int AlreadyProcessed { get; private set; }

    public int Failed { get; private set; }

    public SortedDictionary<BounceClass, int> ByClass { get; } = [];

    public SortedDictionary<BounceAction, int> ByAction { get; } = [];

    public int ToReview => ByAction.GetValueOrDefault(BounceAction.NeedsReview);

    /// <summary>Messages read so far, processed or failed.</summary>
    public int Read => Messages + Failed;

    public static BounceUploadSummary Of(BounceUploadJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var summary = new BounceUploadSummary { Messages = job.Messages, AlreadyProcessed = job.AlreadyProcessed, Failed = job.Failed };
        foreach (var (k, v) in Parse<BounceClass>(job.ByClassJson)) summary.ByClass[k] = v;
        foreach (var (k, v) in Parse<BounceAction>(job.ByActionJson)) summary.ByAction[k] = v;
        return summary;
    }

    public void Count(ProcessedBounce p)
    {
        ArgumentNullException.ThrowIfNull(p);
        Messages++;
        if (p.AlreadyProcessed)
        {
            AlreadyProcessed++;
            return;
        }
        ByClass[p.Report.Class] = ByClass.GetValueOrDefault(p.Report.Class) + 1;
        ByAction[p.Report.Action] = ByAction.GetValueOrDefault(p.Report.Action) + 1;
    }

    public void CountFailed() => Failed++;

    public string ByClassJson => Json(ByClass);

    public string ByActionJson => Json(ByAction);

    public string AuditText() => string.Create(CultureInfo.InvariantCulture,
        $"{Messages} message(s): {string.Join(", ", ByAction.Select(a => $"{a.Value} {a.Key}"))}; {AlreadyProcessed} already processed; {Failed} failed");

    // Enum names as keys (ADR-0003 stores enums as strings); an unknown name (a value renamed since) is skipped.
    private static string Json<T>(SortedDictionary<T, int> counts) where T : struct, Enum =>
        JsonSerializer.Serialize(counts.ToDictionary(c => c.Key.ToString(), c => c.Value));

    private static IEnumerable<(T Key, int Value)> Parse<T>(string? json) where T : struct, Enum =>
        json is null ? [] : (JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? [])
            .Where(c => Enum.TryParse<T>(c.Key, out _)).Select(c => (Enum.Parse<T>(c.Key), c.Value));
}
