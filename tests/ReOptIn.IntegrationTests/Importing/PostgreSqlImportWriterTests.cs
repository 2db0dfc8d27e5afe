using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.Data.PostgreSql;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Importing;

/// <summary>
/// PostgreSQL's bulk writer copies new contacts and their memberships straight into their tables
/// and falls back to statements that skip what exists when another writer races it (ADR-0023).
/// Whatever path a batch takes, the outcome is the same: one contact per address (the first
/// writer's data kept), one membership per list, nothing lost.
/// </summary>
public sealed class PostgreSqlImportWriterTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 18, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Dates_names_and_attributes_of_an_import_read_back_as_given_on_PostgreSQL()
    {
        await using var app = await ReOptInFactory.PostgreSqlAsync(ApiClient.BootstrapSettings);
        using var api = ApiClient.Open(app);
        var first = await api.CreateListAsync("Old shop");
        var second = await api.CreateListAsync("Newsletter");
        var csv = "email,first name,last name,consent date,last mailed,plan\n"
            + "Zoe.Lefevre@Example.COM,Zoë,Lefèvre,2024-03-02 10:23:45,2025-01-31,pro\n"
            + "plain@example.org,,,,,\n";
        Assert.Equal("completed", (await api.ImportAsync(first, Encoding.UTF8.GetBytes(csv), "dates.csv")).GetProperty("status").GetString());
        // One batch with an existing contact (other data: not taken) and a new one.
        var again = "email,first name,consent date\nzoe.lefevre@example.com,Other,2020-01-01\nnew@example.net,Neu,2023-05-06 07:08:09\n";
        Assert.Equal("completed", (await api.ImportAsync(second, Encoding.UTF8.GetBytes(again), "again.csv")).GetProperty("status").GetString());
        // The same file into the same list again: nothing doubles, the first membership stays.
        Assert.Equal("completed", (await api.ImportAsync(second, Encoding.UTF8.GetBytes(again.Replace("2020-01-01", "2021-01-01", StringComparison.Ordinal)), "again2.csv")).GetProperty("status").GetString());

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var zoe = await db.Contacts.AsNoTracking().SingleAsync(c => c.NormalizedEmail == "zoe.lefevre@example.com");
        Assert.Equal(("Zoe.Lefevre@example.com", "Zoë", "Lefèvre"), (zoe.Email, zoe.FirstName, zoe.LastName));
        Assert.Contains("\"plan\":\"pro\"", zoe.CustomAttributesJson, StringComparison.Ordinal);
        Assert.Equal(3, await db.Contacts.CountAsync());
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.ContactId == zoe.Id).OrderBy(m => m.ListId).ToListAsync();
        Assert.Equal(new[] { first, second }, memberships.Select(m => m.ListId));
        Assert.Equal(new DateTime(2024, 3, 2, 10, 23, 45, DateTimeKind.Utc), memberships[0].ConsentAt);
        Assert.Equal(new DateTime(2025, 1, 31, 0, 0, 0, DateTimeKind.Utc), memberships[0].LastMailedAt);
        Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), memberships[1].ConsentAt);
        var added = await db.Contacts.AsNoTracking().SingleAsync(c => c.NormalizedEmail == "new@example.net");
        Assert.Equal("Neu", added.FirstName);
        var addedMembership = await db.Memberships.AsNoTracking().SingleAsync(m => m.ContactId == added.Id);
        Assert.Equal((second, new DateTime(2023, 5, 6, 7, 8, 9, DateTimeKind.Utc)), (addedMembership.ListId, addedMembership.ConsentAt));
        Assert.Equal(4, await db.Memberships.CountAsync());
        // Times stored by the writer compare in SQL as EF Core's own do.
        var cut = new DateTime(2024, 3, 2, 10, 23, 44, DateTimeKind.Utc);
        Assert.Equal(1, await db.Memberships.CountAsync(m => m.ConsentAt > cut));
        Assert.Equal(4, await db.Memberships.CountAsync(m => m.AddedAt > cut));
        // A contact added afterwards through EF Core gets an id the import did not use.
        db.Contacts.Add(new Contact("later@example.org", "later@example.org", SHA256.HashData("later@example.org"u8.ToArray()), DateTime.UtcNow));
        await db.SaveChangesAsync();
        Assert.Equal(4, await db.Contacts.CountAsync());
    }

    [Fact]
    public async Task A_batch_whose_address_another_writer_is_adding_waits_and_joins_that_contact()
    {
        var database = await Database.CreateAsync();
        var list = await database.ListAsync();
        await using var other = new NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync();
        await using var otherTx = await other.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO "Contacts" ("Email", "NormalizedEmail", "AddressHash", "Flags", "CreatedAt")
            VALUES ('b@example.com', 'b@example.com', @hash, 0, now())
            """, other, otherTx))
        {
            insert.Parameters.AddWithValue("hash", Hash("b@example.com"));
            await insert.ExecuteNonQueryAsync();
        }

        // The writer does not see the uncommitted contact, copies it as new, and waits on the unique index.
        await using var db = database.Context();
        var write = new PostgreSqlContactWriter(db).WriteContactsAsync(list, 1, Now, [Imported("a@example.com"), Imported("b@example.com", "Mine"), Imported("c@example.com")], CancellationToken.None);
        await database.WaitForLockWaitAsync();
        await otherTx.CommitAsync();
        await write;

        await using var check = database.Context();
        Assert.Equal(3, await check.Contacts.CountAsync());
        var b = await check.Contacts.SingleAsync(c => c.NormalizedEmail == "b@example.com");
        Assert.Null(b.FirstName); // the other writer's contact, not a second one
        Assert.Equal(new[] { "a@example.com", "b@example.com", "c@example.com" },
            await check.Memberships.Where(m => m.ListId == list).Select(m => m.Contact!.NormalizedEmail).OrderBy(e => e).ToListAsync());
    }

    [Fact]
    public async Task After_a_batch_of_new_addresses_an_address_that_exists_still_joins_its_contact_and_a_rerun_changes_nothing()
    {
        var database = await Database.CreateAsync();
        var first = await database.ListAsync();
        var second = await database.ListAsync();
        await using (var db = database.Context())
            await new PostgreSqlContactWriter(db).WriteContactsAsync(first, 1, Now, [Imported("old@example.com", "Old")], CancellationToken.None);

        await using (var db = database.Context())
        {
            var writer = new PostgreSqlContactWriter(db);
            await writer.WriteContactsAsync(second, 2, Now, [Imported("n1@example.com"), Imported("n2@example.com")], CancellationToken.None);
            // The writer no longer looks up existing addresses: this batch meets one in the COPY.
            await writer.WriteContactsAsync(second, 2, Now, [Imported("n3@example.com"), Imported("old@example.com", "New")], CancellationToken.None);
            // A rerun of the whole job (after a crash) writes the same batches again.
            await writer.WriteContactsAsync(second, 2, Now, [Imported("n1@example.com"), Imported("n2@example.com")], CancellationToken.None);
            await writer.WriteContactsAsync(second, 2, Now, [Imported("n3@example.com"), Imported("old@example.com", "New")], CancellationToken.None);
        }

        await using var check = database.Context();
        Assert.Equal(4, await check.Contacts.CountAsync());
        Assert.Equal("Old", (await check.Contacts.SingleAsync(c => c.NormalizedEmail == "old@example.com")).FirstName);
        Assert.Equal(4, await check.Memberships.CountAsync(m => m.ListId == second && m.ImportJobId == 2));
        Assert.Equal(1, await check.Memberships.CountAsync(m => m.ListId == first));
    }

    [Fact]
    public async Task Two_imports_of_overlapping_lists_at_once_give_one_contact_per_address_and_every_membership()
    {
        var database = await Database.CreateAsync();
        var lists = new[] { await database.ListAsync(), await database.ListAsync() };
        const int Batches = 20, PerBatch = 300;
        // Each list: its own addresses and, in every batch, addresses the other list has in some batch too.
        static string Address(int list, int batch, int i) => i % 2 == 0 ? $"shared{(batch * PerBatch + i + list * 7 * PerBatch) % (Batches * PerBatch)}@example.com" : $"own{list}-{batch}-{i}@example.com";
        var writers = lists.Select(async (list, index) =>
        {
            await using var db = database.Context();
            var writer = new PostgreSqlContactWriter(db);
            for (var batch = 0; batch < Batches; batch++)
                await writer.WriteContactsAsync(list, index + 1, Now, Enumerable.Range(0, PerBatch).Select(i => Imported(Address(index, batch, i))).ToList(), CancellationToken.None);
        });
        await Task.WhenAll(writers);

        var expected = Enumerable.Range(0, 2).Select(l => Enumerable.Range(0, Batches).SelectMany(b => Enumerable.Range(0, PerBatch).Select(i => Address(l, b, i))).ToHashSet()).ToArray();
        await using var check = database.Context();
        Assert.Equal(expected[0].Union(expected[1]).Count(), await check.Contacts.CountAsync());
        for (var l = 0; l < 2; l++)
        {
            var members = await check.Memberships.Where(m => m.ListId == lists[l]).Select(m => m.Contact!.NormalizedEmail).ToListAsync();
            Assert.Equal(expected[l].Count, members.Count);
            Assert.True(expected[l].SetEquals(members));
        }
    }

    private static ImportedContact Imported(string address, string? firstName = null) =>
        new(address, address, Hash(address), firstName, null, null, null, null, 0, null, null, null, null);

    private static byte[] Hash(string address) => SHA256.HashData(Encoding.UTF8.GetBytes(address));

    /// <summary>A fresh, migrated PostgreSQL database, written to through the writer directly.</summary>
    private sealed class Database
    {
        private Database(string connectionString) => ConnectionString = connectionString;

        public string ConnectionString { get; }

        public static async Task<Database> CreateAsync()
        {
            var database = new Database(await PostgresServer.CreateDatabaseAsync());
            await using var db = database.Context();
            await db.Database.MigrateAsync();
            return database;
        }

        public ReOptInDb Context()
        {
            var options = new DbContextOptionsBuilder<ReOptInDb>();
            options.UseReOptInDatabase(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = ConnectionString });
            return new ReOptInDb(options.Options);
        }

        public async Task<int> ListAsync()
        {
            await using var db = Context();
            var list = new ContactList("List", "Test", Now);
            db.Lists.Add(list);
            await db.SaveChangesAsync();
            return list.Id;
        }

        /// <summary>Until a session of this database waits for a lock (another transaction's row).</summary>
        public async Task WaitForLockWaitAsync()
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
            for (var waited = TimeSpan.Zero; (long)(await command.ExecuteScalarAsync())! == 0; waited += TimeSpan.FromMilliseconds(50))
            {
                if (waited > TimeSpan.FromSeconds(60)) throw new TimeoutException("The writer never waited for the other transaction.");
                await Task.Delay(50);
            }
        }
    }
}
