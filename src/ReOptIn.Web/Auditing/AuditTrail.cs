using System.Security.Claims;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Web.Accounts;

namespace ReOptIn.Web.Auditing;

/// <summary>Adds audit entries for the current request's actor; they are saved with the caller's changes.</summary>
public sealed class AuditTrail(ReOptInDb db, IHttpContextAccessor http, TimeProvider clock)
{
    public void Record(string action, string? subject = null, string? detail = null, ClaimsPrincipal? actor = null)
    {
        var context = http.HttpContext;
        actor ??= context?.User;
        var actorId = actor?.FindFirstValue(ClaimTypes.NameIdentifier);
        var actorName = actor?.FindFirstValue(ApiKeyAuthenticationHandler.KeyNameClaim) is { } keyName
            ? $"api:{keyName}"
            : actor?.Identity?.Name ?? (context is null ? "system" : null);
        db.AuditLog.Add(new AuditEntry(clock.GetUtcNow().UtcDateTime, action, actorId, actorName, subject, detail,
            context?.Connection.RemoteIpAddress?.ToString()));
    }

    public async Task RecordNowAsync(string action, string? subject = null, string? detail = null, ClaimsPrincipal? actor = null, CancellationToken ct = default)
    {
        Record(action, subject, detail, actor);
        await db.SaveChangesAsync(ct);
    }
}
