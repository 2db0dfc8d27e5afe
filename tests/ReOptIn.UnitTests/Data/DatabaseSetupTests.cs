using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Data;

namespace ReOptIn.UnitTests.Data;

public sealed class DatabaseSetupTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("reoptin-unit-").FullName;

    [Fact]
    public void A_relative_sqlite_file_lives_under_the_content_root_and_its_folder_is_created()
    {
        var resolved = DatabaseSetup.ResolveSqliteConnection("Data Source=data/reoptin.db", _root);
        Assert.Equal($"Data Source={Path.Combine(_root, "data", "reoptin.db")}", resolved);
        Assert.True(Directory.Exists(Path.Combine(_root, "data")));
    }

    [Fact]
    public void Absolute_and_in_memory_sources_are_left_alone()
    {
        var absolute = $"Data Source={Path.Combine(_root, "x.db")}";
        Assert.Equal(absolute, DatabaseSetup.ResolveSqliteConnection(absolute, "/elsewhere"));
        Assert.Equal("Data Source=:memory:", DatabaseSetup.ResolveSqliteConnection("Data Source=:memory:", _root));
    }

    [Fact]
    public void Migrate_on_startup_defaults_to_yes_for_sqlite_only()
    {
        Assert.True(new DatabaseOptions { Provider = DatabaseProvider.Sqlite }.ShouldMigrateOnStartup);
        Assert.False(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql }.ShouldMigrateOnStartup);
        Assert.True(new DatabaseOptions { Provider = DatabaseProvider.SqlServer, MigrateOnStartup = true }.ShouldMigrateOnStartup);
    }

    [Fact]
    public async Task Times_come_back_from_a_sqlite_file_as_utc_and_local_times_are_refused()
    {
        var options = new DbContextOptionsBuilder<ReOptInDb>();
        options.UseReOptInDatabase(new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(_root, "times.db")}" });
        var created = new DateTime(2026, 11, 27, 8, 30, 0, DateTimeKind.Utc);
        await using (var db = new ReOptInDb(options.Options))
        {
            await db.Database.MigrateAsync();
            db.Lists.Add(new ContactList("Shop customers 2019", "Bought in our online shop", created));
            await db.SaveChangesAsync();
        }
        await using (var db = new ReOptInDb(options.Options))
        {
            var list = await db.Lists.SingleAsync();
            Assert.Equal(DateTimeKind.Utc, list.CreatedAt.Kind);
            Assert.Equal(created, list.CreatedAt);
            db.Lists.Add(new ContactList("Local", "x", DateTime.Now));
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.IsType<ArgumentException>(error.InnerException);
        }
    }

    [Fact]
    public async Task Sqlite_settings_hold_on_every_open_whether_the_connection_is_new_or_from_the_pool()
    {
        var options = new DbContextOptionsBuilder<ReOptInDb>();
        options.UseReOptInDatabase(new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(_root, "pragmas.db")}" });
        object? firstHandle = null;
        for (var open = 0; open < 3; open++)
        {
            if (open == 2) Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // a brand-new native connection
            await using var db = new ReOptInDb(options.Options);
            await db.Database.OpenConnectionAsync();
            var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
            if (open == 0) firstHandle = connection.Handle;
            if (open == 1) Assert.Same(firstHandle, connection.Handle); // the pool handed back the same native connection
            Assert.Equal("wal", await PragmaAsync(connection, "journal_mode"));
            Assert.Equal("2", await PragmaAsync(connection, "synchronous")); // FULL
            Assert.Equal("30000", await PragmaAsync(connection, "busy_timeout"));
            Assert.Equal("2", await PragmaAsync(connection, "temp_store")); // MEMORY
            Assert.Equal("268435456", await PragmaAsync(connection, "mmap_size"));
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<string?> PragmaAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
