using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Data;
using ReOptIn.Core.Security;

namespace ReOptIn.Web.Accounts;

/// <summary>
/// Authenticates <c>X-Api-Key</c>: the key's SHA-256 finds the row; a revoked key, or one whose
/// owner is locked out or deleted, is refused. The key acts with its owner's roles.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ReOptInDb db,
    UserManager<AppUser> users,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string KeyIdClaim = "reoptin:api-key-id";
    public const string KeyNameClaim = "reoptin:api-key-name";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
            return AuthenticateResult.NoResult();

        var presented = values[0]!.Trim();
        var hash = SecretToken.Hash(presented);
        var key = await db.ApiKeys.AsNoTracking().Include(k => k.User)
            .SingleOrDefaultAsync(k => k.SecretHash == hash, Context.RequestAborted);
        if (key is null || !SecretToken.Matches(presented, key.SecretHash))
            return AuthenticateResult.Fail("Unknown API key.");
        if (key.RevokedAt is not null)
            return AuthenticateResult.Fail("This API key was revoked.");
        if (key.User is null || await users.IsLockedOutAsync(key.User))
            return AuthenticateResult.Fail("The owner of this API key cannot sign in.");

        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            // Throttled, set-based: no tracking, no race with a concurrent revoke.
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.User.Id),
            new(ClaimTypes.Name, key.User.UserName ?? key.User.Id),
            new(KeyIdClaim, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(KeyNameClaim, key.Name),
        };
        claims.AddRange((await users.GetRolesAsync(key.User)).Select(r => new Claim(ClaimTypes.Role, r)));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{Header}\"";
        return Task.CompletedTask;
    }
}
