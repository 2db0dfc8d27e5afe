using System.Text.Json;
using ReOptIn.Core.Importing;

namespace ReOptIn.Web.Importing;

/// <summary>What a person (or a script) sees of an import: counts, speed, time left.</summary>
public sealed record ImportProgress(
    long Id, int ListId, string Status, string FileName, long FileBytes, long RowsRead, long Accepted, long Rejected, long Duplicates, long Flagged,
    IReadOnlyDictionary<string, long> RejectedByReason, int Percent, double? RowsPerSecond, TimeSpan? TimeLeft,
    string? ErrorCode, string? ErrorMessage, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, DetectedFormat Detected,
    DateTime? RejectedRowsDeletedAt)
{
    /// <summary>Why the rejected rows can no longer be downloaded, or null while they can.</summary>
    public string? RejectedRowsGone => RejectedRowsGoneSince(RejectedRowsDeletedAt);

    /// <summary>The same, from the import's <see cref="ImportJob.RejectsDeletedAt"/> alone.</summary>
    public static string? RejectedRowsGoneSince(DateTime? deletedAt) => deletedAt is { } at
        ? $"The rejected rows were deleted on {at:yyyy-MM-dd}: they hold people's addresses and are kept only for a while after the import (or until a campaign over the list closes). The counts by reason stay."
        : null;

    public static ImportProgress Of(ImportJob job, DateTime now)
    {
        var byReason = job.RejectedByReasonJson is null
            ? new Dictionary<string, long>()
            : JsonSerializer.Deserialize<Dictionary<string, long>>(job.RejectedByReasonJson) ?? [];
        var percent = job.Status == ImportStatus.Completed ? 100
            : job.FileBytes == 0 ? 0 : (int)Math.Min(99, job.BytesRead * 100 / job.FileBytes);
        double? speed = null;
        TimeSpan? left = null;
        if (job.StartedAt is { } started && job.RowsRead > 0)
        {
            var elapsed = ((job.FinishedAt ?? now) - started).TotalSeconds;
            if (elapsed > 0) speed = job.RowsRead / elapsed;
            if (job.Status == ImportStatus.Running && job.BytesRead > 0 && job.BytesRead < job.FileBytes && elapsed > 0)
                left = TimeSpan.FromSeconds((job.FileBytes - job.BytesRead) / (job.BytesRead / elapsed));
        }
        var mapping = job.MappingJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(job.MappingJson);
        return new ImportProgress(job.Id, job.ListId, job.Status.ToString().ToLowerInvariant(), job.FileName, job.FileBytes, job.RowsRead,
            job.Accepted, job.Rejected, job.Duplicates, job.Flagged, byReason, percent, speed, left, job.ErrorCode, job.ErrorMessage,
            job.CreatedAt, job.StartedAt, job.FinishedAt,
            new DetectedFormat(job.Encoding, job.Delimiter, job.HasHeader, mapping), job.RejectsDeletedAt);
    }
}

public sealed record DetectedFormat(string? Encoding, string? Delimiter, bool? HasHeader, IReadOnlyDictionary<string, string>? Mapping);
