using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Importing;

/// <summary>
/// What the SQLite bulk writer stores (it writes through native statements, ADR-0022) reads back
/// through EF Core as imported: times compare as times, names and attributes as given, an existing
/// contact keeps its data and gains the new list.
/// </summary>
public sealed class ImportedValuesTests
{
    [Fact]
    public async Task Dates_names_and_attributes_of_an_import_read_back_as_given_on_SQLite()
    {
        await using var app = ReOptInFactory.Sqlite(ApiClient.BootstrapSettings);
        using var api = ApiClient.Open(app);
        var first = await api.CreateListAsync("Old shop");
        var second = await api.CreateListAsync("Newsletter");
        var csv = "email,first name,last name,consent date,last mailed,plan\n"
            + "Zoe.Lefevre@Example.COM,Zoë,Lefèvre,2024-03-02 10:23:45,2025-01-31,pro\n"
            + "plain@example.org,,,,,\n";
        Assert.Equal("completed", (await api.ImportAsync(first, Encoding.UTF8.GetBytes(csv), "dates.csv")).GetProperty("status").GetString());
        // The same person again in another list, with other data: one contact, a second membership.
        Assert.Equal("completed", (await api.ImportAsync(second, Encoding.UTF8.GetBytes("email,first name\nzoe.lefevre@example.com,Other\n"), "again.csv")).GetProperty("status").GetString());

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var zoe = await db.Contacts.AsNoTracking().SingleAsync(c => c.FirstName == "Zoë");
        Assert.Equal(("Zoe.Lefevre@example.com", "Lefèvre"), (zoe.Email, zoe.LastName));
        Assert.Contains("\"plan\":\"pro\"", zoe.CustomAttributesJson, StringComparison.Ordinal);
        Assert.Equal(2, await db.Contacts.CountAsync());
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.ContactId == zoe.Id).OrderBy(m => m.ListId).ToListAsync();
        Assert.Equal(new[] { first, second }, memberships.Select(m => m.ListId));
        Assert.Equal(new DateTime(2024, 3, 2, 10, 23, 45, DateTimeKind.Utc), memberships[0].ConsentAt);
        Assert.Equal(new DateTime(2025, 1, 31, 0, 0, 0, DateTimeKind.Utc), memberships[0].LastMailedAt);
        Assert.Null(memberships[1].ConsentAt);
        // Times stored by the writer compare in SQL as EF Core's own do.
        var cut = new DateTime(2024, 3, 2, 10, 23, 44, DateTimeKind.Utc);
        Assert.Equal(1, await db.Memberships.CountAsync(m => m.ConsentAt > cut));
        Assert.Equal(3, await db.Memberships.CountAsync(m => m.AddedAt > cut));
    }

    [Fact]
    public async Task Each_membership_points_at_its_own_contact_when_new_and_known_addresses_mix_on_SQLite()
    {
        await using var app = ReOptInFactory.Sqlite(ApiClient.BootstrapSettings);
        using var api = ApiClient.Open(app);
        var first = await api.CreateListAsync("First");
        var second = await api.CreateListAsync("Second");
        // 100 rows: three full statements of 32 rows and a remainder, all new addresses.
        var csv = new StringBuilder("email,first name\n");
        for (var i = 0; i < 100; i++) csv.Append(CultureInfo.InvariantCulture, $"a{i:000}@example.com,A{i}\n");
        Assert.Equal("completed", (await api.ImportAsync(first, Encoding.UTF8.GetBytes(csv.ToString()), "first.csv")).GetProperty("status").GetString());
        // 75 rows, every third address known already (and written in capitals): known and new ones share a statement.
        csv = new StringBuilder("email,first name\n");
        for (var i = 0; i < 75; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{(i % 3 == 0 ? 'A' : 'b')}{i:000}@{(i % 3 == 0 ? "EXAMPLE.COM" : "example.com")},B{i}\n");
        var imported = await api.ImportAsync(second, Encoding.UTF8.GetBytes(csv.ToString()), "second.csv");
        Assert.Equal(("completed", 75), (imported.GetProperty("status").GetString(), imported.GetProperty("accepted").GetInt32()));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        Assert.Equal(150, await db.Contacts.CountAsync());
        var members = await db.Memberships.AsNoTracking().Where(m => m.ListId == second)
            .Join(db.Contacts, m => m.ContactId, c => c.Id, (m, c) => new { c.NormalizedEmail, c.FirstName }).ToListAsync();
        Assert.Equal(75, members.Count);
        for (var i = 0; i < 75; i++)
        {
            // A known address keeps its contact (and that contact's name); a new one has its own.
            var expected = i % 3 == 0 ? ($"a{i:000}@example.com", $"A{i}") : ($"b{i:000}@example.com", $"B{i}");
            Assert.Contains(members, m => (m.NormalizedEmail, m.FirstName) == expected);
        }
        Assert.Equal(100, await db.Memberships.CountAsync(m => m.ListId == first));
    }
}
