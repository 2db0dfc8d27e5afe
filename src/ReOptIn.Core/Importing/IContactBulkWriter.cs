namespace ReOptIn.Core.Importing;

/// <summary>
/// The provider's fast path for imports (SQLite prepared statements, PostgreSQL binary COPY, SQL
/// Server SqlBulkCopy). Every write is idempotent, so a crashed import can simply run again.
/// </summary>
public interface IContactBulkWriter
{
    /// <summary>
    /// Adds contacts whose normalised address is new (an existing contact keeps its data) and a
    /// membership of <paramref name="listId"/> for each (kept if it exists), in one transaction.
    /// The batch holds each normalised address at most once.
    /// </summary>
    Task WriteContactsAsync(int listId, long jobId, DateTime now, IReadOnlyList<ImportedContact> batch, CancellationToken ct);

    /// <summary>Rows per transaction unless configured (<c>Imports:BatchSize</c>).</summary>
    int BatchSize => 10_000;

    Task WriteRejectsAsync(IReadOnlyList<ImportReject> rejects, CancellationToken ct);
}
