using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;
using ReOptIn.Core.Sending.Dispatch;

namespace ReOptIn.Core.Importing;

/// <summary>
/// Deletes the rejected rows of imports that finished more than <see cref="ImportOptions.KeepRejectedRowsDays"/>
/// ago. They are the original lines (addresses, names) of people who will never be asked, kept only so the
/// marketer can download and fix them; the import keeps its counts by reason and the date of the deletion.
/// Run by the erasure job in every instance; running it twice, or in two instances at once, deletes nothing twice.
/// </summary>
public static class RejectedRowsRetention
{
    /// <returns>How many imports had their rejected rows deleted.</returns>
    public static async Task<int> RunAsync(ReOptInDb db, DateTime now, int keepDays, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (keepDays <= 0) return 0;
        // Imports are few: their finish times are compared here rather than in each provider's date SQL.
        var finished = await db.ImportJobs.AsNoTracking().Where(j => j.RejectsDeletedAt == null && j.FinishedAt != null)
            .Select(j => new { j.Id, j.FinishedAt }).ToListAsync(ct);
        var due = finished.Where(j => j.FinishedAt!.Value.AddDays(keepDays) <= now).Select(j => j.Id).ToList();
        if (due.Count == 0) return 0;

        using var gate = await WriterGate.EnterAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.ImportRejects.Where(r => due.Contains(r.JobId)).ExecuteDeleteAsync(ct);
        var marked = await db.ImportJobs.Where(j => due.Contains(j.Id) && j.RejectsDeletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.RejectsDeletedAt, now), ct);
        await tx.CommitAsync(ct);
        return marked;
    }
}
