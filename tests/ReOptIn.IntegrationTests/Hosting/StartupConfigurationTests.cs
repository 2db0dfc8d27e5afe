using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Hosting;

/// <summary>A misconfigured start stops at once and says what to set.</summary>
public sealed class StartupConfigurationTests
{
    [Fact]
    public void A_server_provider_without_a_connection_string_names_the_setting()
    {
        using var app = ReOptInFactory.Sqlite(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:ReOptIn"] = "",
        });
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("set ConnectionStrings:ReOptIn (environment variable ConnectionStrings__ReOptIn)", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_database_without_its_migrations_is_refused_when_migrations_are_not_applied_at_start()
    {
        await using var app = await ReOptInFactory.PostgreSqlAsync(new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" });
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Matches("database lacks [0-9]+ migration\\(s\\) \\([0-9]+_Initial", error.ToString());
        Assert.Contains("Database:MigrateOnStartup=true", error.ToString(), StringComparison.Ordinal);
    }
}
