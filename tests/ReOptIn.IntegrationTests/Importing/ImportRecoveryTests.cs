using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Importing;

/// <summary>
/// An import whose process died is run again from the start by the next instance, with the same
/// result and no duplicate; one that keeps dying is failed with nothing kept; a cancelled one is rolled back.
/// </summary>
public sealed class ImportRecoveryTests
{
    [Fact]
    public async Task An_import_abandoned_mid_way_is_finished_by_the_next_start_without_duplicates()
    {
        await using var app = ReOptInFactory.Sqlite(ApiClient.BootstrapSettings);
        using var api = ApiClient.Open(app);
        var list = await api.CreateListAsync();
        var csv = "email\n" + string.Concat(Enumerable.Range(0, 500).Select(i => $"person{i}@example.com\n"));
        var first = await api.ImportAsync(list, Encoding.UTF8.GetBytes(csv), "a.csv");
        Assert.Equal(500, first.GetProperty("accepted").GetInt32());

        // Simulate a crash: the same file again, left "running" by an instance whose lease ran out,
        // after it had written half of it.
        long jobId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            var done = await db.ImportJobs.SingleAsync();
            var path = Path.Combine(app.Service<ImportOptions>().Folder, "crashed.csv");
            await File.WriteAllTextAsync(path, csv + string.Concat(Enumerable.Range(500, 300).Select(i => $"person{i}@example.com\n")));
            var crashed = new ImportJob(list, "b.csv", path, new FileInfo(path).Length, DateTime.UtcNow)
            {
                Status = ImportStatus.Running, Encoding = done.Encoding, Delimiter = done.Delimiter, HasHeader = true,
                MappingJson = done.MappingJson, ColumnCount = 1, Attempts = 1, LeaseOwner = "dead-instance", LeaseExpiresAt = DateTime.UtcNow.AddSeconds(-1),
                RowsRead = 400, Accepted = 400,
            };
            db.ImportJobs.Add(crashed);
            await db.SaveChangesAsync();
            jobId = crashed.Id;
        }

        await using var restarted = app.Twin();
        using var api2 = ApiClient.Open(restarted);
        var result = await api2.WaitAsync(jobId);
        Assert.Equal(("completed", 800, 800), (result.GetProperty("status").GetString(), result.GetProperty("rowsRead").GetInt32(), result.GetProperty("accepted").GetInt32()));
        Assert.Equal(800, (await api2.ContactsAsync(list)).GetProperty("total").GetInt32());
        await using var check = restarted.Services.CreateAsyncScope();
        Assert.Equal(800, await check.ServiceProvider.GetRequiredService<ReOptInDb>().Contacts.CountAsync());
    }

    [Fact]
    public async Task An_import_that_keeps_crashing_is_failed_and_leaves_nothing()
    {
        await using var app = ReOptInFactory.Sqlite(ApiClient.BootstrapSettings);
        using var api = ApiClient.Open(app);
        var list = await api.CreateListAsync();
        long jobId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            var path = Path.Combine(app.Service<ImportOptions>().Folder, "poison.csv");
            await File.WriteAllTextAsync(path, "email\na@example.com\n");
            var job = new ImportJob(list, "poison.csv", path, 20, DateTime.UtcNow)
            {
                Status = ImportStatus.Running, Encoding = "utf-8", Delimiter = ",", HasHeader = true, MappingJson = """{"email":"email"}""",
                ColumnCount = 1, Attempts = 3, LeaseOwner = "dead-instance", LeaseExpiresAt = DateTime.UtcNow.AddSeconds(-1),
            };
            db.ImportJobs.Add(job);
            await db.SaveChangesAsync();
            jobId = job.Id;
        }
        var result = await api.WaitAsync(jobId);
        Assert.Equal(("failed", "crashed"), (result.GetProperty("status").GetString(), result.GetProperty("errorCode").GetString()));
        Assert.Equal(0, (await api.ContactsAsync(list)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_cancelled_import_is_rolled_back()
    {
        await using var app = ReOptInFactory.Sqlite(new Dictionary<string, string?>(ApiClient.BootstrapSettings) { ["Imports:BatchSize"] = "1000" });
        using var api = ApiClient.Open(app);
        using var browser = Browser.Open(app);
        await browser.SignInAsync("ops.person@example.com", "a long bootstrap password");
        var list = await api.CreateListAsync();
        // Large enough to be still running when the cancel comes (imports run at about 70,000 rows/s on SQLite).
        var csv = "email\n" + string.Concat(Enumerable.Range(0, 500_000).Select(i => $"person{i}@example.com\n"));
        var upload = await api.UploadAsync(list, Encoding.UTF8.GetBytes(csv), "big.csv");
        var id = System.Text.Json.JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();

        // Cancel as soon as it is running with some rows written.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            for (var i = 0; i < 600 && !await db.Memberships.AnyAsync(m => m.ListId == list); i++) await Task.Delay(50);
            // Meanwhile the list says it is not complete.
            Assert.Contains("this list is not complete yet", await browser.GetPageAsync($"/Lists/{list}"), StringComparison.Ordinal);
            await db.ImportJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true));
        }
        var result = await api.WaitAsync(id);
        Assert.Equal("cancelled", result.GetProperty("status").GetString());
        using (var after = Browser.Open(app))
        {
            await after.SignInAsync("ops.person@example.com", "a long bootstrap password");
            Assert.DoesNotContain("this list is not complete yet", await after.GetPageAsync($"/Lists/{list}"), StringComparison.Ordinal);
        }
        Assert.Equal(0, (await api.ContactsAsync(list)).GetProperty("total").GetInt32());
        await using var check = app.Services.CreateAsyncScope();
        Assert.Equal(0, await check.ServiceProvider.GetRequiredService<ReOptInDb>().Contacts.CountAsync());
    }
}
