using System.Data;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;

namespace ReOptIn.Web.Accounts;

/// <summary>
/// Runs a change to the accounts in a serializable transaction, so that two requests at once cannot
/// both pass a check that only one of them may pass ("no account exists yet", "another admin remains").
/// SQLite lets one writer in at a time, so the second sees the first's change; PostgreSQL aborts one with
/// a serialization failure and SQL Server picks a deadlock victim. Nothing of the loser's change is kept.
/// </summary>
public static class SerializedAccountChange
{
    public const string Conflict = "Someone changed the accounts at the same moment, so nothing was changed. Look at the page again and retry.";

    /// <summary>
    /// Runs <paramref name="change"/>, which returns null to keep its work or a message to undo it, and
    /// returns null when the change was committed, or the reason it was not.
    /// </summary>
    public static async Task<string?> RunAsync(ReOptInDb db, Func<Task<string?>> change, CancellationToken ct)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            var refusal = await change();
            if (refusal is not null)
            {
                db.ChangeTracker.Clear();   // the transaction is rolled back when disposed
                return refusal;
            }
            await transaction.CommitAsync(ct);
            return null;
        }
        catch (Exception e) when (WriteConflict.Is(e))
        {
            db.ChangeTracker.Clear();
            return Conflict;
        }
    }
}
