using Microsoft.AspNetCore.DataProtection;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Hosting;

/// <summary>
/// <c>dotnet ReOptIn.Web.dll export-hash-key</c>: prints the address-hash key the app generated and
/// stored in the database, as a <c>Registry__HashKey=…</c> line to put in a secret store, so that the
/// registry no longer depends on the database's Data Protection keys. Audited; the app does not start.
/// </summary>
public static class HashKeyExport
{
    public const string Command = "export-hash-key";

    public static async Task<int> RunAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var key = await AddressHashKeyStore.ExportStoredAsync(db, scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>());
        if (key is null)
        {
            await Console.Error.WriteLineAsync("This installation's address-hash key is kept in configuration (Registry:HashKey), not in the database: nothing to export. Keep the configured value in your secret store.");
            return 2;
        }
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordNowAsync(AuditActions.HashKeyExported, detail: "from the command line");
        await Console.Error.WriteLineAsync("The address-hash key of this database. Keep it in your secret store and set it on every instance (Registry__HashKey); the app checks it against the recorded fingerprint:");
        Console.WriteLine($"Registry__HashKey={key}");
        return 0;
    }
}
