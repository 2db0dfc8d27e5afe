using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Data;
using ReOptIn.Core.Reporting;

/// <summary>
/// The report benchmark (tests/ReOptIn.Benchmarks/report.sh): a campaign of COUNT requests with a realistic mix of
/// states, domains, lists and bounces, written by bulk SQL; then the time of <see cref="CampaignReporter.BuildAsync"/>
/// (what the report page and API do before rendering), the median of several runs, beside same-run baselines: a bare
/// COUNT(*) of the campaign's requests, and of the whole table. "purged" turns every unanswered request into Expired,
/// as the deadline job leaves them.
/// </summary>
internal static class ReportBench
{
    private const int Runs = 9;

    /// <summary>The seeded campaign's clock: launched 2026-01-05, confirmations over the 20 days after, "today" a month later.</summary>
    private static readonly DateTime Launch = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    private static readonly DateTime Today = Launch.AddDays(31);

    // report-sqlite COUNT [open|purged] | report-postgresql COUNT CONNECTION [open|purged]
    public static async Task<int> RunAsync(string[] args)
    {
        var postgres = args[0] == "report-postgresql";
        var count = int.Parse(args.ElementAtOrDefault(1) ?? "1000000", CultureInfo.InvariantCulture);
        var connection = postgres ? args[2] : null;
        var purged = (postgres ? args.ElementAtOrDefault(3) : args.ElementAtOrDefault(2)) == "purged";
        string? folder = null;
        var database = new DatabaseOptions();
        if (postgres) database = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connection! };
        else
        {
            var parent = Environment.GetEnvironmentVariable("REOPTIN_BENCH_DIR") is { Length: > 0 } dir ? dir : Path.GetTempPath();
            folder = Directory.CreateDirectory(Path.Combine(parent, "reoptin-report-" + Guid.NewGuid().ToString("N")[..8])).FullName;
            database = new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(folder, "bench.db")}" };
        }
        var timings = new CommandTimings();
        DbContextOptions<ReOptInDb> Options()
        {
            var builder = new DbContextOptionsBuilder<ReOptInDb>();
            builder.UseReOptInDatabase(database).AddInterceptors(timings);
            return builder.Options;
        }
        try
        {
            int campaignId;
            await using (var db = new ReOptInDb(Options()))
            {
                if (postgres) await db.Database.EnsureDeletedAsync();
                await db.Database.MigrateAsync();
                var seed = Stopwatch.StartNew();
                campaignId = await SeedAsync(db, count, purged, postgres);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"seeded {count:N0} requests ({(purged ? "after the purge" : "open")}) and their bounces in {seed.Elapsed.TotalSeconds:0.0} s"));
            }

            var baseline = await TimeAsync(Options, db => db.Requests.CountAsync(r => r.CampaignId == campaignId));
            var whole = await TimeAsync(Options, db => db.Requests.CountAsync());
            timings.Clear();
            CampaignReport? report = null;
            var build = await TimeAsync(Options, async db => report = await CampaignReporter.BuildAsync(db, campaignId, Today, CancellationToken.None));
            var r = report!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  funnel: {string.Join(" → ", r.Funnel.Select(f => $"{f.Key} {f.Count:N0}"))}; outcomes add up to {r.Outcomes.Sum(o => o.Count):N0}; {r.TopDomains.Count} top domains, {r.ByList.Count} lists, {r.ConfirmationsPerDay.Count} days, {r.BounceReasons.Count} bounce reasons"));
            foreach (var (sql, ms) in timings.Medians())
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {ms,7:0.0} ms  {sql}"));
            var provider = postgres ? "PostgreSQL" : "SQLite";

            // What a view of a large campaign costs (ADR-0017): the stored snapshot, read and deserialized; the build above
            // is what the background refresh costs once a minute while someone looks.
            await using (var db = new ReOptInDb(Options()))
                await CampaignReports.RefreshAsync(db, campaignId, Today, CancellationToken.None);
            using var services = new ServiceCollection().BuildServiceProvider();
            using var refresher = new ReportRefresher(services.GetRequiredService<IServiceScopeFactory>(), new FixedClock(Today), NullLogger<ReportRefresher>.Instance);
            ReportView? view = null;
            var served = await TimeAsync(Options, async db =>
                view = await new CampaignReports(db, new ReportingOptions(), refresher, new FixedClock(Today)).GetAsync(campaignId, CancellationToken.None));
            if (view is not { Refreshing: false } || view.Report.Count("eligible") != r.Count("eligible"))
                throw new InvalidOperationException("The snapshot was not what the view served.");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT report-view-{provider.ToLowerInvariant()}{(purged ? "-purged" : "")} {served.Median:0.0} ms (median of {Runs}, from the snapshot; min {served.Min:0.0}, max {served.Max:0.0}; CPU {served.CpuMedian:0.0} ms); target <= 300 ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT report-{provider.ToLowerInvariant()}{(purged ? "-purged" : "")} {build.Median:0.0} ms (median of {Runs}; min {build.Min:0.0}, max {build.Max:0.0}; CPU of this process {build.CpuMedian:0.0} ms); baseline COUNT(*) of the campaign's requests {baseline.Median:0.0} ms (CPU {baseline.CpuMedian:0.0} ms), of the whole table {whole.Median:0.0} ms; ratio {build.Median / baseline.Median:0.0}; target <= 300 ms"));
            return 0;
        }
        finally
        {
            // REOPTIN_BENCH_KEEP=1 keeps the SQLite file for a look at the query plans.
            if (folder is not null && Environment.GetEnvironmentVariable("REOPTIN_BENCH_KEEP") != "1")
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private sealed class FixedClock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now, TimeSpan.Zero);
    }

    /// <summary>Wall-clock milliseconds, and the median CPU milliseconds of this process per run (SQLite works in-process; PostgreSQL's work is in the server).</summary>
    private sealed record Timing(double Median, double Min, double Max, double CpuMedian);

    /// <summary>One warm-up, then <see cref="Runs"/> runs, each on a new context (as each web request gets).</summary>
    private static async Task<Timing> TimeAsync(Func<DbContextOptions<ReOptInDb>> options, Func<ReOptInDb, Task> work)
    {
        var times = new List<double>();
        var cpu = new List<double>();
        using var self = Process.GetCurrentProcess();
        for (var i = 0; i <= Runs; i++)
        {
            await using var db = new ReOptInDb(options());
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            await work(db);
            if (i == 0) continue;
            times.Add(watch.Elapsed.TotalMilliseconds);
            self.Refresh();
            cpu.Add((self.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }
        times.Sort();
        cpu.Sort();
        return new Timing(times[times.Count / 2], times[0], times[^1], cpu[cpu.Count / 2]);
    }

    private static async Task<int> SeedAsync(ReOptInDb db, int count, bool purged, bool postgres)
    {
        var now = Launch;
        var lists = new[] { new ContactList("Shop 2019", "You bought from our shop", now), new ContactList("Newsletter 2017", "You signed up", now),
            new ContactList("Trade fair 2021", "You left your card at our stand", now) };
        db.Lists.AddRange(lists);
        var campaign = new Campaign("Benchmark", now);
        campaign.SetConsentStatement("Yes");
        campaign.Lists.AddRange(lists);
        campaign.Submit(now, null);
        campaign.Approve(now, null);
        campaign.Launch(now);
        campaign.Eligible = count;
        campaign.SkippedAlreadyAsked = count / 50;
        campaign.SkippedSuppressed = count / 100;
        campaign.SkippedJurisdiction = count / 40;
        if (purged)
        {
            campaign.MoveTo(CampaignStatus.Sent, now);
            campaign.MoveTo(CampaignStatus.Closed, now);
        }
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        var sql = (postgres ? PostgresSeed : SqliteSeed)
            .Replace("@campaign", campaign.Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@count", count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@list0", lists[0].Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@list1", lists[1].Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@list2", lists[2].Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        foreach (var statement in sql.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            await db.Database.ExecuteSqlRawAsync(statement);
        if (purged)
            await db.Database.ExecuteSqlRawAsync("""UPDATE "Requests" SET "State" = 'Expired' WHERE "State" IN ('Sent', 'Visited')""");
        // PostgreSQL: what autovacuum does within a minute of a bulk load (visibility map for index-only scans, statistics).
        // SQLite: nothing; the app never runs ANALYZE.
        if (postgres)
        {
            await db.Database.ExecuteSqlRawAsync("""VACUUM ANALYZE "Requests" """);
            await db.Database.ExecuteSqlRawAsync("""VACUUM ANALYZE "Bounces" """);
        }
        return campaign.Id;
    }

    // The mix, by a hash of the row number h (0–999): 8% confirmed, 1% handed off, 4% declined (a tenth of them after
    // confirming), 3% hard bounced, 0.2% complained, 0.5% failed, 0.1% in doubt, 10% visited, the rest sent and unanswered.
    // Domains: 40% gmail.com and seven other large providers, then 40,000 small domains. Lists 60/30/10.
    private const string Columns = """
        INSERT INTO "Requests" ("CampaignId", "ContactId", "AddressHash", "LinkHash", "RecipientDomain", "SourceListId", "State", "CreatedAt", "StateChangedAt",
            "SentAt", "VisitedAt", "ConfirmedAt", "MessageId", "Attempts", "LeaseOwner")
        """;

    private const string StateCase = """
        CASE WHEN h < 80 THEN 'Confirmed' WHEN h < 90 THEN 'HandedOff' WHEN h < 130 THEN 'Declined' WHEN h < 160 THEN 'Bounced'
             WHEN h < 162 THEN 'Complained' WHEN h < 167 THEN 'Failed' WHEN h < 168 THEN 'InDoubt' WHEN h < 268 THEN 'Visited' ELSE 'Sent' END
        """;

    private const string DomainCase = """
        CASE WHEN i % 100 < 40 THEN 'gmail.com' WHEN i % 100 < 50 THEN 'yahoo.com' WHEN i % 100 < 58 THEN 'hotmail.com' WHEN i % 100 < 63 THEN 'outlook.com'
             WHEN i % 100 < 66 THEN 'orange.fr' WHEN i % 100 < 68 THEN 'gmx.de' WHEN i % 100 < 69 THEN 'web.de' WHEN i % 100 < 70 THEN 'icloud.com'
             ELSE 'd' || (i % 40000) || '.example' END
        """;

    private const string ListCase = "CASE WHEN (i * 31) % 10 < 6 THEN @list0 WHEN (i * 31) % 10 < 9 THEN @list1 ELSE @list2 END";

    private static readonly string SqliteSeed = $"""
        {Columns}
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count),
        s AS (SELECT i, ((i * 2654435761) % 4294967296) % 1000 AS h, strftime('%Y-%m-%d %H:%M:%f', '2026-01-05', '+' || (i % 172800) || ' seconds') AS sent FROM n)
        SELECT @campaign, NULL, randomblob(32), CASE WHEN h BETWEEN 162 AND 166 THEN NULL ELSE randomblob(32) END, {DomainCase}, {ListCase},
            {StateCase}, '2026-01-05 00:00:00', '2026-01-05 00:00:00',
            CASE WHEN h BETWEEN 162 AND 167 THEN NULL ELSE sent END,
            CASE WHEN h < 90 OR (h >= 168 AND h < 268) OR (h >= 90 AND h < 95) THEN strftime('%Y-%m-%d %H:%M:%f', sent, '+' || (i % 7200) || ' seconds') END,
            CASE WHEN h < 95 THEN strftime('%Y-%m-%d %H:%M:%f', '2026-01-05', '+' || ((i * 13) % 1728000) || ' seconds') END,
            '<' || i || '.bench@shop.example.com>', 1, 'bench'
        FROM s;
        INSERT INTO "Bounces" ("ReceivedAt", "Source", "Class", "Reason", "Status", "RequestId", "CampaignId", "Action", "MatchedBy")
        SELECT r."SentAt", 'api', CASE WHEN r."State" = 'Bounced' THEN 'Hard' WHEN r."State" = 'Complained' THEN 'Complaint' ELSE 'Soft' END,
            CASE WHEN r."State" = 'Bounced' THEN (CASE WHEN r."Id" % 5 = 0 THEN 'domain-not-found' ELSE 'user-unknown' END)
                 WHEN r."State" = 'Complained' THEN 'complaint'
                 ELSE (CASE r."Id" % 4 WHEN 0 THEN 'mailbox-full' WHEN 1 THEN 'blocked' WHEN 2 THEN 'spam' ELSE 'policy' END) END,
            '5.1.1', r."Id", r."CampaignId", CASE WHEN r."State" = 'Bounced' THEN 'Bounced' WHEN r."State" = 'Complained' THEN 'Complained' ELSE 'Counted' END, 'verp'
        FROM "Requests" r WHERE r."CampaignId" = @campaign AND (r."State" IN ('Bounced', 'Complained') OR (r."State" = 'Sent' AND r."Id" % 37 = 0))
        """;

    private static readonly string PostgresSeed = $"""
        {Columns}
        WITH s AS (SELECT i, ((i::bigint * 2654435761) % 4294967296) % 1000 AS h, timestamptz '2026-01-05 00:00:00+00' + make_interval(secs => i % 172800) AS sent
                   FROM generate_series(1, @count) AS g(i))
        SELECT @campaign, NULL, sha256(int8send(i::bigint)), CASE WHEN h BETWEEN 162 AND 166 THEN NULL ELSE sha256(int8send(-i::bigint)) END, {DomainCase}, {ListCase},
            {StateCase}, timestamptz '2026-01-05 00:00:00+00', timestamptz '2026-01-05 00:00:00+00',
            CASE WHEN h BETWEEN 162 AND 167 THEN NULL ELSE sent END,
            CASE WHEN h < 90 OR (h >= 168 AND h < 268) OR (h >= 90 AND h < 95) THEN sent + make_interval(secs => i % 7200) END,
            CASE WHEN h < 95 THEN timestamptz '2026-01-05 00:00:00+00' + make_interval(secs => (i * 13) % 1728000) END,
            '<' || i || '.bench@shop.example.com>', 1, 'bench'
        FROM s;
        INSERT INTO "Bounces" ("ReceivedAt", "Source", "Class", "Reason", "Status", "RequestId", "CampaignId", "Action", "MatchedBy")
        SELECT r."SentAt", 'api', CASE WHEN r."State" = 'Bounced' THEN 'Hard' WHEN r."State" = 'Complained' THEN 'Complaint' ELSE 'Soft' END,
            CASE WHEN r."State" = 'Bounced' THEN (CASE WHEN r."Id" % 5 = 0 THEN 'domain-not-found' ELSE 'user-unknown' END)
                 WHEN r."State" = 'Complained' THEN 'complaint'
                 ELSE (CASE r."Id" % 4 WHEN 0 THEN 'mailbox-full' WHEN 1 THEN 'blocked' WHEN 2 THEN 'spam' ELSE 'policy' END) END,
            '5.1.1', r."Id", r."CampaignId", CASE WHEN r."State" = 'Bounced' THEN 'Bounced' WHEN r."State" = 'Complained' THEN 'Complained' ELSE 'Counted' END, 'verp'
        FROM "Requests" r WHERE r."CampaignId" = @campaign AND (r."State" IN ('Bounced', 'Complained') OR (r."State" = 'Sent' AND r."Id" % 37 = 0))
        """;

    /// <summary>Server time of each SQL command the report sends (EF's measured duration), by the command's first words.</summary>
    private sealed class CommandTimings : DbCommandInterceptor
    {
        private readonly List<(string Sql, double Ms)> _seen = [];

        public void Clear()
        {
            lock (_seen) _seen.Clear();
        }

        public List<(string Sql, double Ms)> Medians()
        {
            lock (_seen)
            {
                return _seen.GroupBy(s => s.Sql).Select(g =>
                {
                    var ms = g.Select(x => x.Ms).Order().ToList();
                    return (Sql: g.Key, Ms: ms[ms.Count / 2]);
                }).ToList();
            }
        }

        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbCommand, Stopwatch> _running = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _running.AddOrUpdate(command, Stopwatch.StartNew());
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
        {
            // From execution to the reader's disposal: reading the rows counts too.
            if (!_running.TryGetValue(command, out var watch)) return result;
            var sql = string.Join(' ', command.CommandText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace("\"", "", StringComparison.Ordinal);
            var key = sql.Length > 110 ? sql[..110] + "…" : sql;
            lock (_seen) _seen.Add((key, watch.Elapsed.TotalMilliseconds));
            return result;
        }
    }
}
