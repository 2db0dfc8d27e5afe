using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;

namespace ReOptIn.Web.Accounts;

/// <summary>
/// Whether any user exists yet. Once one does, that never changes, so the answer is cached and the
/// database is asked only while the installation is new (possibly set up by another instance).
/// </summary>
public sealed class FirstRunState
{
    private volatile bool _hasUsers;

    public async ValueTask<bool> NeedsSetupAsync(ReOptInDb db, CancellationToken ct)
    {
        if (_hasUsers) return false;
        _hasUsers = await db.Users.AnyAsync(ct);
        return !_hasUsers;
    }

    public void MarkSetUp() => _hasUsers = true;
}
