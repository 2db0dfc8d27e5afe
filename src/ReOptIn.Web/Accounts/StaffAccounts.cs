using Microsoft.AspNetCore.Identity;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Security;

namespace ReOptIn.Web.Accounts;

/// <summary>Creating staff accounts and API keys, the same way from the setup page, the admin pages and bootstrap.</summary>
public static class StaffAccounts
{
    public static async Task<(IdentityResult Result, AppUser User)> CreateAsync(
        UserManager<AppUser> users, string email, string password, string role, DateTime now)
    {
        if (!Roles.All.Contains(role))
            return (IdentityResult.Failed(new IdentityError { Code = "UnknownRole", Description = $"Unknown role '{role}'." }), null!);
        var user = new AppUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, CreatedAt = now };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return (created, user);
        var added = await users.AddToRoleAsync(user, role);
        return (added, user);
    }

    /// <summary>A new key for <paramref name="userId"/>; the returned secret is shown once and never stored.</summary>
    public static (ApiKey Key, string Secret) IssueApiKey(string name, string userId, DateTime now, string? givenSecret = null)
    {
        var secret = givenSecret ?? SecretToken.Create(ApiKey.Prefix);
        return (new ApiKey(name, userId, SecretToken.Hash(secret), ApiKey.HintOf(secret), now), secret);
    }

    public static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
