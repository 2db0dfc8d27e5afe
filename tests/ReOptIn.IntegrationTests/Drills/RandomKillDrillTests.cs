using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ReOptIn.IntegrationTests.Dispatch;
using ReOptIn.IntegrationTests.Support;
using Xunit.Abstractions;

namespace ReOptIn.IntegrationTests.Drills;

/// <summary>
/// The fault drill of issue #10: the app, in a process of its own, is killed with SIGKILL at random
/// moments during an import and during a send, and started again on the same SQLite file. Every import
/// ends complete with each row counted once; no address is ever sent two messages; every request ends
/// in one final state. <c>REOPTIN_DRILL_KILLS</c> sets the number of kills (5 in the test suite, 20 in
/// <c>tests/drills.sh</c>); <c>REOPTIN_DRILL_SEED</c> replays a run (the seed is in every failure message).
/// </summary>
public sealed class RandomKillDrillTests(ITestOutputHelper output)
{
    private static readonly int Kills = int.TryParse(Environment.GetEnvironmentVariable("REOPTIN_DRILL_KILLS"), out var k) ? k : 5;

    private static Random Seeded(out int seed)
    {
        seed = int.TryParse(Environment.GetEnvironmentVariable("REOPTIN_DRILL_SEED"), out var s) ? s : Random.Shared.Next();
        return new Random(seed);
    }

    // A backstop only: each start waits up to AppProcess.StartLimit on a loaded machine, and there are Kills + 1 of them.
    [Fact(Timeout = 3_600_000)]
    public async Task Killing_the_app_at_random_moments_of_an_import_loses_and_doubles_nothing()
    {
        var random = Seeded(out var seed);
        // Invalid rows and duplicates (differing in case) among them; the expected outcome computed here.
        // Large enough that the import outlasts the first kill on a quiet machine (about 75,000 rows/s on SQLite).
        var rows = 200_000 * Math.Max(1, Kills / 5);
        var csv = new StringBuilder("email,first name,last name\n");
        var unique = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rows; i++)
        {
            var address = i % 20 == 0 ? $"broken{i}.example.org" : i % 25 == 1 ? $"Person{i - 1}@Example.ORG" : $"person{i}@example.org";
            if (address.Contains('@', StringComparison.Ordinal)) unique.Add(address.ToLowerInvariant());
            csv.Append(CultureInfo.InvariantCulture, $"{address},Ada{i},Lovelace\n");
        }

        var app = ReOptInFactory.Sqlite(new Dictionary<string, string?>(ApiClient.BootstrapSettings)
        {
            ["Sending:Enabled"] = "false",
            ["Imports:BatchSize"] = "2000",
            ["Imports:Lease"] = "00:00:02",
            ["Imports:PollInterval"] = "00:00:00.300",
            ["Imports:MaxAttempts"] = (Kills + 5).ToString(CultureInfo.InvariantCulture),
        });
        await using var _ = app;
        var process = await StartAsync(app.Settings);
        long jobId;
        int listId;
        using (var api = new ApiClient(process.CreateClient(ApiClient.Key)))
        {
            listId = await api.CreateListAsync();
            var upload = await api.UploadAsync(listId, Encoding.UTF8.GetBytes(csv.ToString()), "customers.csv");
            jobId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        }

        var landed = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            await Task.Delay(kill == 0 ? random.Next(50, 600) : random.Next(100, 1500));
            if (ImportStatus(app.SqliteFile, jobId) == "Completed") break;
            process.Kill();
            landed++;
            await process.DisposeAsync();
            process = await StartAsync(app.Settings);
        }
        output.WriteLine($"seed {seed}: {landed} kill(s) landed during the import of {rows:N0} rows");

        try
        {
            using var api = new ApiClient(process.CreateClient(ApiClient.Key));
            var done = await api.WaitAsync(jobId, TimeSpan.FromMinutes(3));
            var message = $"seed {seed}, {landed} kill(s): {done}";
            Assert.True(done.GetProperty("status").GetString() == "completed", message);
            Assert.True(landed > 0, $"No kill landed during the import (seed {seed}): the drill proved nothing.");
            Assert.Equal(rows, done.GetProperty("rowsRead").GetInt64());
            Assert.Equal(unique.Count, done.GetProperty("accepted").GetInt64());
            Assert.Equal(rows - unique.Count, done.GetProperty("rejected").GetInt64());
            // In the database: one contact and one membership per address, one reject row per rejected row.
            Assert.Equal(unique.Count, SqliteFile.Count(app.SqliteFile, "SELECT COUNT(*) FROM Contacts"));
            Assert.Equal(unique.Count, SqliteFile.Count(app.SqliteFile, $"SELECT COUNT(*) FROM Memberships WHERE ListId = {listId}"));
            Assert.Equal(rows - unique.Count, SqliteFile.Count(app.SqliteFile, $"SELECT COUNT(*) FROM ImportRejects WHERE JobId = {jobId}"));
        }
        finally
        {
            await process.DisposeAsync();
        }
    }

    [Fact(Timeout = 3_600_000)]
    public async Task Killing_the_app_at_random_moments_of_a_send_never_sends_an_address_twice()
    {
        var random = Seeded(out var seed);
        // Each kill leaves up to two groups per connection in doubt (ADR-0018), never re-sent: groups of 10
        // and 200 contacts a kill keep the send going until the last kill.
        var contacts = 200 * Math.Max(5, Kills);
        // A relay that takes its time (20 ms a message), so the kills land among sends.
        await using var relay = ScriptedSmtpServer.Start(new ScriptedSmtpOptions { OnMail = () => Task.Delay(20) });
        IReadOnlyDictionary<string, string?> settings;
        string database;
        await using (var f = await DispatchFixture.StartAsync(settings: new Dictionary<string, string?> { ["Sending:Enabled"] = "false" }))
        {
            var senderId = await f.CreateSenderAsync(host: relay.Host, port: relay.Port, connections: 2);
            var listId = await f.ImportListAsync(Enumerable.Range(0, contacts).Select(i => $"c{i}@mail{i % 7}.example.org"));
            var campaignId = await f.ApprovedCampaignAsync(senderId, listId);
            await f.PostOkAsync($"/api/v1/campaigns/{campaignId}/launch");
            settings = new Dictionary<string, string?>(f.App.Settings) { ["Sending:Enabled"] = "true", ["Sending:Lease"] = "00:00:03", ["Sending:GroupSize"] = "10" };
            database = f.App.SqliteFile;
        }

        var landed = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            await using var app = await StartAsync(settings);
            await Task.Delay(random.Next(200, 2500));
            if (!Unfinished(database)) break;
            app.Kill();
            landed++;
        }
        await using (var app = await StartAsync(settings))
            await app.WaitUntilAsync(() => !Unfinished(database), $"the send to finish (seed {seed})", TimeSpan.FromMinutes(3));
        output.WriteLine($"seed {seed}: {landed} kill(s) landed while sending to {contacts} contacts");

        var states = Rows(database, "SELECT c.Email, r.State FROM Requests r JOIN Contacts c ON c.Id = r.ContactId");
        var complete = relay.Messages.Where(m => m.Complete).SelectMany(m => m.Recipients).ToList();
        var accepted = relay.Messages.Where(m => m.Accepted).SelectMany(m => m.Recipients).ToList();
        var message = $"seed {seed}, {landed} kill(s)";
        Assert.True(landed > 0, $"No kill landed while sending ({message}): the drill proved nothing.");
        Assert.Equal(contacts, states.Count);
        Assert.Equal(contacts, states.Select(s => s.Email).Distinct().Count());
        Assert.All(states, s => Assert.True(s.State is "Sent" or "InDoubt", $"{s.Email} is {s.State} ({message})"));
        Assert.Empty(complete.GroupBy(a => a).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(states.Where(s => s.State == "Sent"), s => Assert.Single(accepted, s.Email));
    }

    private static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var process = AppProcess.Start(settings);
        await process.WaitUntilHealthyAsync();
        return process;
    }

    private static bool Unfinished(string database) =>
        SqliteFile.Pairs(database, "SELECT '', State FROM Requests").Any(r => r.Second is "Queued" or "Sending" or "Deferred");

    private static string? ImportStatus(string database, long jobId) =>
        SqliteFile.Pairs(database, $"SELECT '', Status FROM ImportJobs WHERE Id = {jobId}").Select(r => r.Second).SingleOrDefault();

    private static List<(string Email, string State)> Rows(string database, string sql) => [.. SqliteFile.Pairs(database, sql)];
}
