using ReOptIn.Core.Contacts;

namespace ReOptIn.Core.Importing;

/// <summary>
/// One upload into one list, run in the background. It is re-run from the start after a crash
/// (every write is idempotent), and the list shows it complete only when <see cref="Status"/> says so.
/// </summary>
public sealed class ImportJob
{
    public ImportJob(int listId, string fileName, string storedPath, long fileBytes, DateTime createdAt)
    {
        ListId = listId;
        FileName = fileName;
        StoredPath = storedPath;
        FileBytes = fileBytes;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }

    public int ListId { get; private set; }

    public ContactList? List { get; private set; }

    public ImportStatus Status { get; set; } = ImportStatus.Draft;

    /// <summary>The name the file had on the uploader's machine.</summary>
    public string FileName { get; private set; }

    /// <summary>Where the upload is kept until the import ends (deleted after).</summary>
    public string StoredPath { get; private set; }

    public long FileBytes { get; private set; }

    public string? CreatedByUserId { get; set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    // The format and mapping used: detected, then possibly overridden by the person.
    public string? Encoding { get; set; }

    public string? Delimiter { get; set; }

    public bool? HasHeader { get; set; }

    public string? MappingJson { get; set; }

    /// <summary>How many columns the inspection saw (names them when there is no header row).</summary>
    public int ColumnCount { get; set; }

    /// <summary>Short sentences about what was detected, one per line.</summary>
    public string? DetectionNotes { get; set; }

    // Progress, rewritten as the job runs.
    public long BytesRead { get; set; }

    public long RowsRead { get; set; }

    public long Accepted { get; set; }

    public long Rejected { get; set; }

    public long Duplicates { get; set; }

    public long Flagged { get; set; }

    /// <summary>Reason code → count, as a JSON object.</summary>
    public string? RejectedByReasonJson { get; set; }

    /// <summary>
    /// When the rejected rows were deleted (<see cref="RejectedRowsRetention"/>, or a campaign's erasure); the counts stay.
    /// </summary>
    public DateTime? RejectsDeletedAt { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public bool CancelRequested { get; set; }

    public int Attempts { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    public bool IsFinished => Status is ImportStatus.Completed or ImportStatus.Failed or ImportStatus.Cancelled;
}
