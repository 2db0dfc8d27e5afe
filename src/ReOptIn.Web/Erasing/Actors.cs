using System.Security.Claims;
using ReOptIn.Core.Erasing;
using ReOptIn.Web.Accounts;

namespace ReOptIn.Web.Erasing;

internal static class Actors
{
    /// <summary>The signed-in person or API key behind this request, named as the audit log names them.</summary>
    public static ErasureActor Of(HttpContext http)
    {
        var user = http.User;
        var name = user.FindFirstValue(ApiKeyAuthenticationHandler.KeyNameClaim) is { } key ? $"api:{key}" : user.Identity?.Name ?? "unknown";
        return new ErasureActor(user.FindFirstValue(ClaimTypes.NameIdentifier), name, http.Connection.RemoteIpAddress?.ToString());
    }
}
