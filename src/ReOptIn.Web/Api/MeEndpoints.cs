using System.Security.Claims;
using ReOptIn.Core.Accounts;
using ReOptIn.Web.Accounts;

namespace ReOptIn.Web.Api;

public static class MeEndpoints
{
    public sealed record MeResponse(string UserId, string? Name, string Role, string? ApiKeyName);

    public static RouteGroupBuilder MapMe(this RouteGroupBuilder api)
    {
        api.MapGet("/me", (ClaimsPrincipal user) => new MeResponse(
                user.FindFirstValue(ClaimTypes.NameIdentifier)!,
                user.Identity?.Name,
                user.IsInRole(Roles.Admin) ? Roles.Admin : Roles.Marketer,
                user.FindFirstValue(ApiKeyAuthenticationHandler.KeyNameClaim)))
            .WithName("GetMe")
            .WithSummary("The owner and role of the API key making the call.");
        return api;
    }
}
