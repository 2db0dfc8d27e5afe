using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Support;
using ReOptIn.Web.Hosting;

namespace ReOptIn.IntegrationTests.Compliance;

/// <summary>
/// The registry's key must never change under a database: a new key would make every address
/// "never asked" again. It survives restarts, is stored encrypted, and a different key is refused.
/// </summary>
public sealed class AddressHashKeyTests
{
    private static readonly string ConfiguredKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public async Task A_generated_key_survives_a_restart_and_is_stored_encrypted()
    {
        await using var app = ReOptInFactory.Sqlite();
        var first = app.Service<AddressHasher>().TryHash("Jane.Doe@Example.com");
        await using var restarted = app.Twin();
        var second = restarted.Service<AddressHasher>().TryHash("jane.doe@example.com");
        Assert.Equal(first, second);

        await using var scope = app.Services.CreateAsyncScope();
        var secret = await scope.ServiceProvider.GetRequiredService<ReOptInDb>().InstallationSecrets.SingleAsync();
        Assert.Equal(AddressHashKeyStore.SecretName, secret.Name);
        Assert.NotNull(secret.ProtectedValue);
        Assert.StartsWith("CfDJ8", secret.ProtectedValue, StringComparison.Ordinal); // a Data Protection payload, not base64 of the key
    }

    [Fact]
    public async Task A_different_configured_key_is_refused_at_start()
    {
        await using var app = ReOptInFactory.Sqlite();
        _ = app.Service<AddressHasher>();
        await using var misconfigured = app.Twin(new Dictionary<string, string?> { ["Registry:HashKey"] = ConfiguredKey });
        var error = Assert.ThrowsAny<Exception>(() => misconfigured.Services);
        Assert.Contains("Registry:HashKey is not the key this database was set up with", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_key_is_used_is_not_stored_and_must_stay_configured()
    {
        var settings = new Dictionary<string, string?> { ["Registry:HashKey"] = ConfiguredKey };
        await using var app = ReOptInFactory.Sqlite(settings);
        var expected = new AddressHasher(Convert.FromBase64String(ConfiguredKey)).TryHash("jane@example.com");
        Assert.Equal(expected, app.Service<AddressHasher>().TryHash("jane@example.com"));
        await using (var scope = app.Services.CreateAsyncScope())
            Assert.Null((await scope.ServiceProvider.GetRequiredService<ReOptInDb>().InstallationSecrets.SingleAsync()).ProtectedValue);

        await using var forgotten = app.Twin(new Dictionary<string, string?> { ["Registry:HashKey"] = "" });
        var error = Assert.ThrowsAny<Exception>(() => forgotten.Services);
        Assert.Contains("kept in configuration (Registry:HashKey), but it is not set", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_generated_key_is_exported_by_the_command_and_accepted_once_configured()
    {
        await using var app = ReOptInFactory.Sqlite();
        var asked = app.Service<AddressHasher>().TryHash("jane.doe@example.com");

        var (exitCode, output, errors) = await AppProcess.RunCommandAsync(app.Settings, HashKeyExport.Command);
        Assert.True(exitCode == 0, $"export-hash-key exited with {exitCode}: {errors}");
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith("Registry__HashKey=", StringComparison.Ordinal));
        var key = line["Registry__HashKey=".Length..].Trim();
        Assert.Equal(asked, new AddressHasher(Convert.FromBase64String(key)).TryHash("Jane.Doe@Example.com"));

        // Set in configuration from now on, it is the database's key: the app starts and matches the registry.
        await using var configured = app.Twin(new Dictionary<string, string?> { ["Registry:HashKey"] = key });
        Assert.Equal(asked, configured.Service<AddressHasher>().TryHash("JANE.DOE@example.com"));
        await using var scope = app.Services.CreateAsyncScope();
        var entry = await scope.ServiceProvider.GetRequiredService<ReOptInDb>().AuditLog.SingleAsync(a => a.Action == AuditActions.HashKeyExported);
        Assert.Equal("system", entry.ActorName);
    }

    [Fact]
    public async Task The_export_command_says_so_when_the_key_is_kept_in_configuration()
    {
        await using var app = ReOptInFactory.Sqlite(new Dictionary<string, string?> { ["Registry:HashKey"] = ConfiguredKey });
        _ = app.Service<AddressHasher>();
        var (exitCode, output, errors) = await AppProcess.RunCommandAsync(app.Settings, HashKeyExport.Command);
        Assert.Equal(2, exitCode);
        Assert.Contains("kept in configuration (Registry:HashKey), not in the database", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Registry__HashKey=", output, StringComparison.Ordinal);
        Assert.DoesNotContain(ConfiguredKey, output + errors, StringComparison.Ordinal);
    }
}
