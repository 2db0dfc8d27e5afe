namespace ReOptIn.Core.Bounces.Uploads;

public enum BounceUploadState
{
    Queued,
    Running,
    Done,
    Failed,
    Cancelled,
}
