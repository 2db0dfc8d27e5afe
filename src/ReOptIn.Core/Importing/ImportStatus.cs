namespace ReOptIn.Core.Importing;

public enum ImportStatus
{
    /// <summary>Uploaded in the browser; waiting for the person to confirm format and mapping.</summary>
    Draft,
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}
