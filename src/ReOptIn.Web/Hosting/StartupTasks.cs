using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.Web.Accounts;

namespace ReOptIn.Web.Hosting;

/// <summary>
/// What must hold before the first request: the schema is current (forms fail without the Data
/// Protection key table), the roles exist, the address-hash key is loaded, and a headless install
/// has its admin.
/// </summary>
public static class StartupTasks
{
    public const int MinimumBootstrapKeyLength = 32;

    public static async Task PrepareAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<ReOptInDb>();
        var options = services.GetRequiredService<DatabaseOptions>();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("ReOptIn.Startup");

        await MigrateOrCheckAsync(db, options, log);
        await EnsureRolesAsync(services.GetRequiredService<RoleManager<IdentityRole>>());
        _ = app.Services.GetRequiredService<AddressHasher>();
        await BootstrapAdminAsync(app.Configuration, services, db, log);

        if (!await db.Users.AnyAsync())
        {
            // Said once the addresses are known, as the last thing on the console.
            app.Lifetime.ApplicationStarted.Register(() => log.LogInformation(
                "No account exists yet: open {Url}/Setup in a browser to create the first admin.",
                app.Urls.FirstOrDefault()?.Replace("://[::]", "://localhost", StringComparison.Ordinal) ?? "the app"));
        }
    }

    private static async Task MigrateOrCheckAsync(ReOptInDb db, DatabaseOptions options, ILogger log)
    {
        if (options.ShouldMigrateOnStartup)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            if (pending.Count > 0)
                log.LogInformation("Applying {Count} migration(s) to the {Provider} database: {Migrations}", pending.Count, options.Provider.ToString(), string.Join(", ", pending));
            await db.Database.MigrateAsync();
            return;
        }
        var missing = (await db.Database.GetPendingMigrationsAsync()).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"The {options.Provider} database lacks {missing.Count} migration(s) ({string.Join(", ", missing)}). " +
                "Apply the script from docs/operations.md, or set Database:MigrateOnStartup=true.");
    }

    private static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in Roles.All)
        {
            if (await roles.RoleExistsAsync(role)) continue;
            try
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
            catch (DbUpdateException)
            {
                // Another instance may have created it first; anything else is a real failure.
                if (!await roles.RoleExistsAsync(role)) throw;
            }
        }
    }

    private static async Task BootstrapAdminAsync(IConfiguration config, IServiceProvider services, ReOptInDb db, ILogger log)
    {
        var email = config["Bootstrap:AdminEmail"];
        var password = config["Bootstrap:AdminPassword"];
        var apiKey = config["Bootstrap:ApiKey"];
        if (string.IsNullOrWhiteSpace(email))
        {
            if (!string.IsNullOrEmpty(password) || !string.IsNullOrEmpty(apiKey))
                log.LogWarning("Bootstrap:AdminPassword or Bootstrap:ApiKey is set without Bootstrap:AdminEmail; nothing was created.");
            return;
        }
        if (await db.Users.AnyAsync())
            return;
        if (string.IsNullOrEmpty(password))
            throw new InvalidOperationException("Bootstrap:AdminEmail is set but Bootstrap:AdminPassword is not.");
        if (!string.IsNullOrEmpty(apiKey) && apiKey.Trim().Length < MinimumBootstrapKeyLength)
            throw new InvalidOperationException($"Bootstrap:ApiKey must be at least {MinimumBootstrapKeyLength} characters (for example: openssl rand -hex 32).");

        var users = services.GetRequiredService<UserManager<AppUser>>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var (result, user) = await StaffAccounts.CreateAsync(users, email, password, Roles.Admin, now);
        if (result.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail"))
            return; // Another instance bootstrapped at the same moment.
        if (!result.Succeeded)
            throw new InvalidOperationException($"Bootstrap admin could not be created: {StaffAccounts.Describe(result)}");

        if (!string.IsNullOrEmpty(apiKey))
            db.ApiKeys.Add(StaffAccounts.IssueApiKey("bootstrap", user.Id, now, apiKey.Trim()).Key);
        db.AuditLog.Add(new AuditEntry(now, AuditActions.AdminBootstrapped, user.Id, "system", email.Trim(),
            string.IsNullOrEmpty(apiKey) ? null : "with an API key", null));
        await db.SaveChangesAsync();
        services.GetRequiredService<FirstRunState>().MarkSetUp();
        log.LogInformation("Created the bootstrap admin {Email}.", email);
    }
}
