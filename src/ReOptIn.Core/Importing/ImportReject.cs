namespace ReOptIn.Core.Importing;

/// <summary>A row that was not imported, kept for the rejects download with its reason.</summary>
public sealed class ImportReject
{
    public ImportReject(long jobId, long rowNumber, string reason, string? detail, string row)
    {
        JobId = jobId;
        RowNumber = rowNumber;
        Reason = reason;
        Detail = detail;
        Row = row;
    }

    public long Id { get; private set; }

    public long JobId { get; private set; }

    public long RowNumber { get; private set; }

    /// <summary>A code from <c>RejectReasons</c>.</summary>
    public string Reason { get; private set; }

    /// <summary>E.g. "already asked on 2026-03-02".</summary>
    public string? Detail { get; private set; }

    /// <summary>The original row's fields, re-joined as CSV (truncated to 4,000 characters).</summary>
    public string Row { get; private set; }
}
