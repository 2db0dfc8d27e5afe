namespace ReOptIn.Core.Bounces.Uploads;

/// <summary>
/// One uploaded .eml or .mbox, processed message by message in the background. Its counts and
/// position are saved as it goes: a job whose instance stopped is taken over and goes on from
/// <see cref="BytesRead"/> (a message processed again is recognised, not acted on twice).
/// </summary>
public sealed class BounceUploadJob
{
    public BounceUploadJob(string fileName, string storedPath, long fileBytes, string? uploadedByUserId, DateTime createdAt)
    {
        FileName = fileName;
        StoredPath = storedPath;
        FileBytes = fileBytes;
        UploadedByUserId = uploadedByUserId;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }

    /// <summary>The name the file had on the uploader's machine.</summary>
    public string FileName { get; private set; }

    /// <summary>Where the upload is kept until the job ends (deleted then).</summary>
    public string StoredPath { get; private set; }

    public long FileBytes { get; private set; }

    /// <summary>The uploader's account (its name: <see cref="UploaderNames"/>).</summary>
    public string? UploadedByUserId { get; private set; }

    public BounceUploadState State { get; set; } = BounceUploadState.Queued;

    public DateTime CreatedAt { get; private set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    // Progress, saved every few seconds while the job runs.

    /// <summary>Where the next message to process starts in the file: the messages before it are counted below.</summary>
    public long BytesRead { get; set; }

    /// <summary>Messages processed, including those processed before (<see cref="AlreadyProcessed"/>); not the failed ones.</summary>
    public int Messages { get; set; }

    public int AlreadyProcessed { get; set; }

    public int Failed { get; set; }

    /// <summary><see cref="BounceClass"/> → count, as a JSON object.</summary>
    public string? ByClassJson { get; set; }

    /// <summary><see cref="BounceAction"/> → count, as a JSON object.</summary>
    public string? ByActionJson { get; set; }

    /// <summary>Why the job failed, in plain words for the admin.</summary>
    public string? ErrorMessage { get; set; }

    public bool CancelRequested { get; set; }

    public int Attempts { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    public bool IsFinished => State is BounceUploadState.Done or BounceUploadState.Failed or BounceUploadState.Cancelled;
}
