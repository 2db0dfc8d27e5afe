using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;

namespace ReOptIn.UnitTests.Data;

/// <summary>Fails the day someone changes the model and forgets the migration of one provider.</summary>
public sealed class MigrationGuardTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=:memory:")]
    [InlineData(DatabaseProvider.SqlServer, "Server=unreachable.invalid;Database=x")]
    [InlineData(DatabaseProvider.PostgreSql, "Host=unreachable.invalid;Database=x")]
    public void Every_provider_has_a_migration_for_the_current_model(DatabaseProvider provider, string connection)
    {
        using var db = Create(provider, connection);
        Assert.False(db.Database.HasPendingModelChanges(), $"Add a migration for {provider}.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void The_three_providers_have_the_same_migrations_by_name()
    {
        static IEnumerable<string> Names(DatabaseProvider p, string c)
        {
            using var db = Create(p, c);
            return db.Database.GetMigrations().Select(m => m[15..]).ToList(); // drop the timestamp
        }
        var sqlite = Names(DatabaseProvider.Sqlite, "Data Source=:memory:");
        Assert.Equal(sqlite, Names(DatabaseProvider.SqlServer, "Server=unreachable.invalid;Database=x"));
        Assert.Equal(sqlite, Names(DatabaseProvider.PostgreSql, "Host=unreachable.invalid;Database=x"));
    }

    private static ReOptInDb Create(DatabaseProvider provider, string connection)
    {
        var options = new DbContextOptionsBuilder<ReOptInDb>();
        options.UseReOptInDatabase(new DatabaseOptions { Provider = provider, ConnectionString = connection });
        return new ReOptInDb(options.Options);
    }
}
