using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Bounces.Uploads;

/// <summary>
/// Who uploaded a bounce file, by the account's current name. A job keeps only the account's id, as an
/// import does: a staff member's address is kept in the accounts and the audit log, nowhere else.
/// </summary>
public static class UploaderNames
{
    public const string Deleted = "a deleted account";

    /// <summary>The account names of <paramref name="userIds"/>, by id (accounts deleted since are missing).</summary>
    public static async Task<Dictionary<string, string>> ForAsync(ReOptInDb db, IEnumerable<string?> userIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = userIds.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0) return new Dictionary<string, string>(StringComparer.Ordinal);
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.UserName ?? u.Id, StringComparer.Ordinal, ct);
    }

    public static async Task<string> OfAsync(ReOptInDb db, string? userId, CancellationToken ct) =>
        Name(await ForAsync(db, [userId], ct), userId);

    public static string Name(IReadOnlyDictionary<string, string> names, string? userId) =>
        userId is not null && names.TryGetValue(userId, out var name) ? name : Deleted;
}
