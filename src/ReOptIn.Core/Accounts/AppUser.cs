using Microsoft.AspNetCore.Identity;

namespace ReOptIn.Core.Accounts;

/// <summary>A person who signs in: an Admin or a Marketer (see <see cref="Roles"/>).</summary>
public sealed class AppUser : IdentityUser
{
    public DateTime CreatedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }
}
