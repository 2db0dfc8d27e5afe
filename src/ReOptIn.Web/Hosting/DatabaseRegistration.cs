using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;

namespace ReOptIn.Web.Hosting;

public static class DatabaseRegistration
{
    /// <summary>
    /// Reads <c>Database:Provider</c> and <c>ConnectionStrings:ReOptIn</c>, registers the one DbContext,
    /// keeps Data Protection keys in it (so that every instance shares cookies and antiforgery), and
    /// registers the installation's address hasher.
    /// </summary>
    public static DatabaseOptions AddReOptInDatabase(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var configured = builder.Configuration.GetConnectionString("ReOptIn");
        if (!string.IsNullOrWhiteSpace(configured))
            options.ConnectionString = configured;
        else if (options.Provider != DatabaseProvider.Sqlite)
            throw new InvalidOperationException($"Database:Provider is {options.Provider}: set ConnectionStrings:ReOptIn (environment variable ConnectionStrings__ReOptIn).");
        if (options.Provider == DatabaseProvider.Sqlite)
            options.ConnectionString = DatabaseSetup.ResolveSqliteConnection(options.ConnectionString, builder.Environment.ContentRootPath);

        builder.Services.AddSingleton(options);
        // The options are built once (they depend on configuration only), not for every request's
        // scope; no gain was measurable on the contact's pages, but nothing per request is needed.
        // The context itself stays one per scope, without pooling's reset rules.
        builder.Services.AddDbContext<ReOptInDb>(o => o.UseReOptInDatabase(options), optionsLifetime: ServiceLifetime.Singleton);
        var keyRing = builder.Services.AddDataProtection()
            .SetApplicationName("ReOptIn")
            .PersistKeysToDbContext<ReOptInDb>();
        // Optional: encrypt the key ring itself, so that a copy of the database alone reveals no secret.
        var certificate = builder.Configuration["DataProtection:CertificateFile"];
        if (!string.IsNullOrWhiteSpace(certificate))
            keyRing.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(
                certificate, builder.Configuration["DataProtection:CertificatePassword"]));

        // Loaded once, after migrations (see StartupTasks), from configuration or the database.
        builder.Services.AddSingleton(services =>
        {
            using var scope = services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            var configuredKey = builder.Configuration["Registry:HashKey"];
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            return AddressHashKeyStore.LoadOrCreateAsync(db, services.GetRequiredService<IDataProtectionProvider>(), configuredKey, now)
                .GetAwaiter().GetResult();
        });

        // Small writes from web requests (visits, confirmations, declines) share commits on SQLite.
        builder.Services.AddSingleton<GroupCommit>();
        builder.Services.AddHostedService(services => services.GetRequiredService<GroupCommit>());

        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return options;
    }
}
