using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Composing;
using ReOptIn.Core.Composing.Rendering;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.Core.Security;
using ReOptIn.Core.Sending;
using ReOptIn.Core.Sending.Dispatch;
using ReOptIn.Data.Sqlite;

/// <summary>
/// The dispatch benchmark (tests/ReOptIn.Benchmarks/dispatch.sh): the real <see cref="SendingWorker"/> in a generic
/// host with the app's services on a fresh SQLite file, against smtp-sink; and a bare MailKit loop that sends the
/// same messages (same renderer, same builder, same DKIM key) over the same number of connections.
/// </summary>
internal static class DispatchBench
{
    private const string BaseUrl = "https://optin.example.com";
    private const string FromAddress = "news@shop.example.com";
    private const string Bounce = "bounces+{id}@bounces.shop.example.com";
    private const int Domains = 500;

    /// <summary>
    /// Messages sent before the clock starts, the same number in both: the app is a long-running process,
    /// and in the first seconds the JIT re-compiles thousands of hot methods (tiered compilation with PGO;
    /// EF Core, MimeKit, MailKit), which under load took a fifth of the worker's CPU. REOPTIN_BENCH_WARMUP.
    /// </summary>
    private static int Warmup(int count) => Environment.GetEnvironmentVariable("REOPTIN_BENCH_WARMUP") is { Length: > 0 } w
        ? int.Parse(w, CultureInfo.InvariantCulture) : Math.Min(5000, count / 4);

    public sealed record Settings(int Count, int Port, int Connections, string? DkimKeyFile, int PerSecond);

    public static Settings Parse(string[] args, int defaultConnections) => new(
        int.Parse(args.ElementAtOrDefault(1) ?? "20000", CultureInfo.InvariantCulture),
        int.Parse(args.ElementAtOrDefault(2) ?? "2525", CultureInfo.InvariantCulture),
        int.Parse(args.ElementAtOrDefault(3) ?? defaultConnections.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        args.ElementAtOrDefault(4) is { } key && key != "-" ? key : null,
        int.Parse(args.ElementAtOrDefault(5) ?? "100000", CultureInfo.InvariantCulture));

    private static string Label(Settings s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Connections} conn, {(s.DkimKeyFile is null ? "no DKIM" : "DKIM")}");

    // ---------------------------------------------------------------- the worker

    public static async Task<int> WorkerAsync(Settings s)
    {
        // On disk by default (where the temporary folder is; check it is not a tmpfs): commits fsync.
        // REOPTIN_BENCH_DIR=/dev/shm puts the file in memory, to see what the fsyncs cost (a diagnosis, not the figure).
        var parent = Environment.GetEnvironmentVariable("REOPTIN_BENCH_DIR") is { Length: > 0 } dir ? dir : Path.GetTempPath();
        var folder = Directory.CreateDirectory(Path.Combine(parent, "reoptin-dispatch-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        try
        {
            var database = new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(folder, "bench.db")}" };
            var profile = new DbProfile();
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [PublicLinks.BaseUrlSetting] = BaseUrl });
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning); // as the app: Microsoft.* and EF Core at Warning
            // The services SendingWorker uses, registered as src/ReOptIn.Web/Hosting/DatabaseRegistration.cs and
            // src/ReOptIn.Web/Campaigns/ComposingRegistration.cs do; the interceptor only adds up database time.
            builder.Services.AddSingleton(database);
            builder.Services.AddDbContext<ReOptInDb>(o => o.UseReOptInDatabase(database).AddInterceptors(profile));
            builder.Services.AddDataProtection().SetApplicationName("ReOptIn").PersistKeysToDbContext<ReOptInDb>();
            builder.Services.AddSingleton(TimeProvider.System);
            // Defaults of the app (GroupSize 50, PollInterval 1 s: the poll only matters when the worker is idle); REOPTIN_BENCH_GROUP tries another group size.
            var options = new DispatchOptions();
            if (Environment.GetEnvironmentVariable("REOPTIN_BENCH_GROUP") is { Length: > 0 } group) options.GroupSize = int.Parse(group, CultureInfo.InvariantCulture);
            builder.Services.AddSingleton(options);
            // The writes' group commit (ADR-0010, ADR-0015), registered before the worker as the app does, so it stops after it.
            builder.Services.AddSingleton<GroupCommit>();
            builder.Services.AddHostedService(services => services.GetRequiredService<GroupCommit>());
            builder.Services.AddHostedService<SendingWorker>();
            builder.Services.AddSingleton<RequestRenderer>();
            builder.Services.AddSingleton<SenderSecrets>();
            using var host = builder.Build();

            int campaignId, warmupId = 0;
            var warmup = Warmup(s.Count);
            var setup = Stopwatch.StartNew();
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
                await db.Database.MigrateAsync();
                var secrets = scope.ServiceProvider.GetRequiredService<SenderSecrets>();
                var now = DateTime.UtcNow;
                var sender = Sender(s, now);
                if (s.DkimKeyFile is not null) sender.DkimPrivateKeyProtected = secrets.Protect(await File.ReadAllTextAsync(s.DkimKeyFile));
                db.Senders.Add(sender);
                // The warm-up campaign has the lower id, so the lanes claim from it first (other addresses: nobody is asked twice).
                if (warmup > 0) warmupId = await LaunchAsync(db, sender, await ImportAsync(db, warmup, folder, first: s.Count), warmup, now);
                campaignId = await LaunchAsync(db, sender, await ImportAsync(db, s.Count, folder), s.Count, now);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  setup (migrate, import {s.Count + warmup:N0} contacts, launch): {setup.Elapsed.TotalSeconds:0.0} s"));

            using var gcEvents = GcEvents.Start();
            using var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            var gcBefore = GC.CollectionCount(0);
            var runtimeBefore = RuntimeCost.Now();
            var watch = Stopwatch.StartNew();
            var before = 0L;
            await host.StartAsync();
            // Polled on a plain connection (a WAL reader, outside the interceptor), every 20 ms.
            await using (var poll = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString))
            {
                await poll.OpenAsync();
                if (warmup > 0)
                {
                    await WaitSentAsync(poll, warmupId, watch);
                    // The clock starts when the warm-up campaign is done; what the lanes already sent of the measured one is subtracted.
                    await using var sent = poll.CreateCommand();
                    sent.CommandText = "SELECT COUNT(*) FROM \"Requests\" WHERE \"CampaignId\" = $id AND \"State\" = 'Sent'";
                    sent.Parameters.AddWithValue("$id", campaignId);
                    before = (long)(await sent.ExecuteScalarAsync())!;
                    profile.Reset();
                    self.Refresh();
                    cpuBefore = self.TotalProcessorTime;
                    gcBefore = GC.CollectionCount(0);
                    runtimeBefore = RuntimeCost.Now();
                    gcEvents?.Measure();
                    await Console.Error.WriteLineAsync("  measuring");
                    watch.Restart();
                }
                else profile.Reset();
                await WaitSentAsync(poll, campaignId, watch);
            }
            watch.Stop();
            self.Refresh();
            var cpu = self.TotalProcessorTime - cpuBefore;
            var runtime = RuntimeCost.Now() - runtimeBefore;
            var dbTime = profile.Snapshot();
            await host.StopAsync();

            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
                var states = await db.Requests.Where(r => r.CampaignId == campaignId).GroupBy(r => r.State)
                    .Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
                var sent = states.Where(x => x.Key == RequestState.Sent).Sum(x => x.Count);
                if (sent != s.Count) throw new InvalidOperationException("Not every request was sent: " + string.Join(", ", states.Select(x => $"{x.Key} {x.Count}")));
            }
            var measured = s.Count - before;
            var rate = measured / watch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"worker on SQLite ({Label(s)}, group {options.GroupSize}, {s.PerSecond:N0}/s limit; after {warmup:N0} warm-up): {measured:N0} sent in {watch.Elapsed.TotalSeconds:0.00} s = {rate:N0} msg/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  process CPU {cpu.TotalSeconds:0.00} s ({cpu.TotalSeconds / watch.Elapsed.TotalSeconds * 100:0}% of one core; {Environment.ProcessorCount} cores; {cpu.TotalMilliseconds * 1000 / measured:0} µs per message), gen0 GCs {GC.CollectionCount(0) - gcBefore}; {runtime.Describe(measured)}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  database (summed over lanes): {dbTime.Commands:N0} commands {dbTime.CommandTime.TotalSeconds:0.00} s, {dbTime.Commits:N0} commits {dbTime.CommitTime.TotalSeconds:0.00} s ({dbTime.CommitTime.TotalMilliseconds / Math.Max(1, dbTime.Commits):0.00} ms each)"));
            foreach (var (what, count, time) in profile.Top(8))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    | {time.TotalSeconds,6:0.00} s {count,7:N0}x  {what}"));
            if (gcEvents is not null) Console.WriteLine("  " + gcEvents.Describe());
            Console.WriteLine($"RESULT worker {rate.ToString("0", CultureInfo.InvariantCulture)}");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> LaunchAsync(ReOptInDb db, SenderProfile sender, ContactList list, int expected, DateTime now)
    {
        var campaign = NewCampaign(sender, list, now);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        campaign.Submit(now, null);
        campaign.Approve(now, null);
        await db.SaveChangesAsync();
        var launched = await CampaignLauncher.LaunchAsync(db, campaign, DateTime.UtcNow, CancellationToken.None);
        if (launched.Eligible != expected) throw new InvalidOperationException($"{launched.Eligible} eligible, {expected} expected: {launched}");
        return campaign.Id;
    }

    private static async Task WaitSentAsync(Microsoft.Data.Sqlite.SqliteConnection poll, int campaignId, Stopwatch watch)
    {
        await using var status = poll.CreateCommand();
        status.CommandText = "SELECT \"Status\" FROM \"Campaigns\" WHERE \"Id\" = $id";
        status.Parameters.AddWithValue("$id", campaignId);
        while (!string.Equals((string?)await status.ExecuteScalarAsync(), nameof(CampaignStatus.Sent), StringComparison.Ordinal))
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(15)) throw new TimeoutException("The campaign is not sent after 15 minutes.");
            await Task.Delay(20);
        }
    }

    internal static SenderProfile Sender(Settings s, DateTime now) => new("Benchmark relay", now)
    {
        FromName = "Example Shop",
        FromAddress = FromAddress,
        PostalAddress = "1 Rue de la Paix, 75002 Paris",
        SmtpHost = "127.0.0.1",
        SmtpPort = s.Port,
        SmtpSecurity = SmtpSecurity.None,
        MaxConnections = s.Connections,
        // Set on the entity: the API refuses more than 1,000/s (src/ReOptIn.Web/Senders/SenderChanges.cs).
        MessagesPerSecond = s.PerSecond,
        PerDomainPerMinute = 1_000_000,
        BounceAddress = Bounce,
        DkimDomain = s.DkimKeyFile is null ? null : "shop.example.com",
        DkimSelector = s.DkimKeyFile is null ? null : "s1",
    };

    internal static Campaign NewCampaign(SenderProfile sender, ContactList list, DateTime now)
    {
        var content = DefaultRequest.For("en");
        var campaign = new Campaign("Benchmark", now)
        {
            Sender = sender,
            Subject = content.Subject,
            BodyMarkdown = content.BodyMarkdown,
            Language = content.Language,
            Purpose = "a monthly newsletter",
        };
        campaign.SetConsentStatement("Yes, send me the monthly newsletter.");
        campaign.Lists.Add(list);
        return campaign;
    }

    private static string Email(int i) => string.Create(CultureInfo.InvariantCulture, $"person.{i}@d{i % Domains}.example.com");

    private static (string First, string Last) Name(int i) => (First[i % First.Length], Last[i / First.Length % Last.Length]);

    private static readonly string[] First = ["Anne", "José", "Zoë", "Mohammed", "Wei", "Olga", "Liam", "Chloé", "Jürgen", "Aiko"];
    private static readonly string[] Last = ["Martin", "García", "Müller", "Smith", "Dubois", "Rossi", "Nowak", "Kim", "O'Brien", "Lefèvre"];

    /// <summary>The contacts go in through the app's importer, as an admin's upload would.</summary>
    internal static async Task<ContactList> ImportAsync(ReOptInDb db, int count, string folder, int first = 0)
    {
        var now = DateTime.UtcNow;
        var file = Path.Combine(folder, $"contacts{first}.csv");
        await using (var writer = new StreamWriter(file, false, new UTF8Encoding(false)))
        {
            await writer.WriteAsync("email,first_name,last_name\n");
            for (var i = first; i < first + count; i++)
            {
                var (firstName, lastName) = Name(i);
                await writer.WriteAsync($"{Email(i)},{firstName},{lastName}\n");
            }
        }
        var list = new ContactList(first == 0 ? "Customers" : "Warm-up", "You bought from our shop", now);
        db.Lists.Add(list);
        await db.SaveChangesAsync();
        var options = new ImportOptions();
        var inspection = ImportInspector.Inspect(file, Path.GetFileName(file), ImportJobSettings.Limits(options), new FormatOverrides());
        var job = new ImportJob(list.Id, Path.GetFileName(file), file, new FileInfo(file).Length, now) { Status = ImportStatus.Running };
        ImportJobSettings.Apply(job, inspection.Format, inspection.Mapping, inspection.Notes, inspection.Columns.Count);
        db.ImportJobs.Add(job);
        await db.SaveChangesAsync();
        var runner = new ImportRunner(db, new SqliteContactWriter(db), new AddressHasher(new byte[32]), options, TimeProvider.System, NullLogger<ImportRunner>.Instance);
        await runner.RunAsync(job, CancellationToken.None);
        var done = await db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == job.Id);
        if (done.Status != ImportStatus.Completed || done.Accepted != count) throw new InvalidOperationException($"Import {done.Status}: {done.Accepted} accepted, {done.ErrorMessage}");
        return list;
    }

    // ---------------------------------------------------------------- the bare loop

    /// <summary>What one message costs outside the worker: render (links with a fresh token), build, sign.</summary>
    private sealed class MessageFactory
    {
        private readonly RequestRenderer _renderer = new();
        private readonly Campaign _campaign;
        private readonly RequestContent _content;
        private readonly SenderProfile _sender;
        private readonly DkimSettings? _dkim;

        public MessageFactory(Settings s)
        {
            _sender = Sender(s, DateTime.UtcNow);
            _campaign = NewCampaign(_sender, new ContactList("Customers", "You bought from our shop", DateTime.UtcNow), DateTime.UtcNow);
            _content = new RequestContent(_campaign.Subject, _campaign.BodyMarkdown, _campaign.Language);
            _dkim = s.DkimKeyFile is null ? null : new DkimSettings("shop.example.com", "s1", File.ReadAllText(s.DkimKeyFile));
        }

        public RenderedRequest Render(int i, out PublicLinks links)
        {
            links = PublicLinks.For(BaseUrl, SecretToken.Create());
            var (first, last) = Name(i);
            return _renderer.Render(_content, RequestValuesFor.Contact(_campaign, first, last, null, "You bought from our shop", links));
        }

        public (MimeMessage Message, MailboxAddress From, MailboxAddress To) Build(int i, RenderedRequest rendered, PublicLinks links, bool sign = true)
        {
            var (first, last) = Name(i);
            var verpId = (i + 1).ToString(CultureInfo.InvariantCulture);
            var envelopeFrom = RequestMessageBuilder.EnvelopeSender(_sender.Identity, verpId);
            var message = RequestMessageBuilder.Build(new OutgoingRequest(_sender.Identity, Email(i), $"{first} {last}", rendered,
                RequestMessageBuilder.NewMessageId("shop.example.com", DateTimeOffset.UtcNow), links.UnsubscribeUrl, $"mailto:{envelopeFrom}?subject=unsubscribe", verpId),
                sign ? _dkim : null, DateTimeOffset.UtcNow);
            return (message, MailboxAddress.Parse(envelopeFrom), MailboxAddress.Parse(Email(i)));
        }

        public (MimeMessage Message, MailboxAddress From, MailboxAddress To) Make(int i)
        {
            var rendered = Render(i, out var links);
            return Build(i, rendered, links);
        }
    }

    public static async Task<int> BareAsync(Settings s)
    {
        var factory = new MessageFactory(s);
        var warmup = Warmup(s.Count);
        var clients = new List<SmtpClient>();
        for (var c = 0; c < s.Connections; c++)
        {
            var client = new SmtpClient();
            await client.ConnectAsync("127.0.0.1", s.Port, SecureSocketOptions.None);
            clients.Add(client);
        }
        // As many messages before the clock starts as the worker's warm-up campaign (other addresses), on the same connections.
        Task Send(int from, int to) => Task.WhenAll(clients.Select((client, lane) => Task.Run(async () =>
        {
            for (var i = from + lane; i < to; i += s.Connections)
            {
                var (message, sender, recipient) = factory.Make(i);
                await client.SendAsync(message, sender, [recipient]);
            }
        })));
        factory.Make(0); // load the DKIM key
        using var gcEvents = GcEvents.Start();
        await Send(s.Count, s.Count + warmup);
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var gcBefore = GC.CollectionCount(0);
        var runtimeBefore = RuntimeCost.Now();
        gcEvents?.Measure();
        await Console.Error.WriteLineAsync("  measuring");
        var watch = Stopwatch.StartNew();
        await Send(0, s.Count);
        watch.Stop();
        foreach (var client in clients)
        {
            await client.DisconnectAsync(quit: true);
            client.Dispose();
        }
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        var runtime = RuntimeCost.Now() - runtimeBefore;
        var rate = s.Count / watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bare MailKit loop ({Label(s)}; render + build + sign + send; after {warmup:N0} warm-up): {s.Count:N0} sent in {watch.Elapsed.TotalSeconds:0.00} s = {rate:N0} msg/s, process CPU {cpu.TotalSeconds / watch.Elapsed.TotalSeconds * 100:0}% of one core ({cpu.TotalMilliseconds * 1000 / s.Count:0} µs per message)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  gen0 GCs {GC.CollectionCount(0) - gcBefore}; {runtime.Describe(s.Count)}"));
        if (gcEvents is not null) Console.WriteLine("  " + gcEvents.Describe());
        Console.WriteLine($"RESULT bare {rate.ToString("0", CultureInfo.InvariantCulture)}");
        return 0;
    }

    /// <summary>Per-message costs, one thread: render, build (MIME), DKIM signing, and SMTP alone with a ready message.</summary>
    public static async Task<int> PartsAsync(Settings s)
    {
        var factory = new MessageFactory(s);
        factory.Make(0);
        var n = s.Count;
        var rendered = new (RenderedRequest R, PublicLinks L)[n];
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++) rendered[i] = (factory.Render(i, out var links), links);
        var render = watch.Elapsed;
        watch.Restart();
        for (var i = 0; i < n; i++) factory.Build(i, rendered[i].R, rendered[i].L, sign: false);
        var build = watch.Elapsed;
        var signed = new (MimeMessage Message, MailboxAddress From, MailboxAddress To)[n];
        watch.Restart();
        for (var i = 0; i < n; i++) signed[i] = factory.Build(i, rendered[i].R, rendered[i].L, sign: true);
        var buildSign = watch.Elapsed;
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", s.Port, SecureSocketOptions.None);
        watch.Restart();
        foreach (var (message, from, to) in signed) await client.SendAsync(message, from, [to]);
        var smtp = watch.Elapsed;
        await client.DisconnectAsync(quit: true);
        double Us(TimeSpan t) => t.TotalMilliseconds * 1000 / n;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"per message, one thread ({n:N0} messages, {(s.DkimKeyFile is null ? "no key given: sign = build" : "DKIM RSA-2048")}): render {Us(render):0} µs, build {Us(build):0} µs, build + sign {Us(buildSign):0} µs (sign {Us(buildSign) - Us(build):0} µs), SMTP send of a ready message on 1 connection {Us(smtp):0} µs"));
        return 0;
    }

    /// <summary>
    /// What the runtime itself spent in the measured window: GC pauses and JIT compilation (wall time of the
    /// compiling threads; tiered compilation re-compiles hot methods in the background long after start).
    /// </summary>
    private readonly record struct RuntimeCost(TimeSpan GcPause, TimeSpan Jit, long Methods, long Allocated, long Switches, long Gen0, long WorkItems)
    {
        // Allocated bytes do not depend on the machine's load: what a change does to the GC's work, run against run.
        public static RuntimeCost Now() => new(GC.GetTotalPauseDuration(), System.Runtime.JitInfo.GetCompilationTime(), System.Runtime.JitInfo.GetCompiledMethodCount(),
            GC.GetTotalAllocatedBytes(precise: true), ContextSwitches(), GC.CollectionCount(0), ThreadPool.CompletedWorkItemCount);

        public static RuntimeCost operator -(RuntimeCost a, RuntimeCost b) =>
            new(a.GcPause - b.GcPause, a.Jit - b.Jit, a.Methods - b.Methods, a.Allocated - b.Allocated, a.Switches - b.Switches, a.Gen0 - b.Gen0, a.WorkItems - b.WorkItems);

        public string Describe(long messages) => string.Create(CultureInfo.InvariantCulture,
            $"GC pauses {GcPause.TotalSeconds:0.00} s ({GcPause.TotalMilliseconds * 1000 / messages:0} µs per message, {GcPause.TotalMilliseconds / Math.Max(1, Gen0):0.00} ms per gen0 GC; {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC), JIT {Jit.TotalSeconds:0.00} s for {Methods:N0} methods ({Jit.TotalMilliseconds * 1000 / messages:0} µs per message), allocated {Allocated / 1024.0 / messages:0.0} KiB per message, context switches {(double)Switches / messages:0.00} and thread-pool work items {(double)WorkItems / messages:0.00} per message ({ThreadPool.ThreadCount} pool threads)");

        /// <summary>
        /// The process's context switches (voluntary and not) summed over its live threads (Linux; 0 elsewhere): how often
        /// a thread gave up the core, mostly to wait for another thread or the socket. Threads that exit take theirs along.
        /// </summary>
        private static long ContextSwitches()
        {
            if (!Directory.Exists("/proc/self/task")) return 0;
            long total = 0;
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                try
                {
                    foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                        if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                            total += long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim(), CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // The thread exited while being read.
                }
            }
            return total;
        }
    }

    /// <summary>Adds up the time the database spends in commands and commits (wall time, summed over the lanes).</summary>
    private sealed class DbProfile : DbCommandInterceptor, IDbTransactionInterceptor
    {
        private long _commands;
        private long _commandTicks;
        private long _commits;
        private long _commitTicks;

        public void Reset()
        {
            Interlocked.Exchange(ref _commands, 0);
            Interlocked.Exchange(ref _commandTicks, 0);
            Interlocked.Exchange(ref _commits, 0);
            Interlocked.Exchange(ref _commitTicks, 0);
            _byStatement.Clear();
        }

        public (long Commands, TimeSpan CommandTime, long Commits, TimeSpan CommitTime) Snapshot() =>
            (Interlocked.Read(ref _commands), TimeSpan.FromTicks(Interlocked.Read(ref _commandTicks)),
             Interlocked.Read(ref _commits), TimeSpan.FromTicks(Interlocked.Read(ref _commitTicks)));

        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Count, long Ticks)> _byStatement = new(StringComparer.Ordinal);

        private void Command(DbCommand command, CommandExecutedEventData e)
        {
            Interlocked.Increment(ref _commands);
            Interlocked.Add(ref _commandTicks, e.Duration.Ticks);
            // A statement's kind: its first 70 characters, on one line (from the start of the text only: splitting a claim's few KB per
            // command cost the worker's side ~1 KiB of garbage per message, which the bare loop does not pay).
            var head = command.CommandText.AsSpan(0, Math.Min(command.CommandText.Length, 400)).ToString();
            var text = string.Join(' ', head.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
            var key = text.Length > 70 ? text[..70] : text;
            _byStatement.AddOrUpdate(key, (1, e.Duration.Ticks), (_, v) => (v.Count + 1, v.Ticks + e.Duration.Ticks));
        }

        public IEnumerable<(string What, long Count, TimeSpan Time)> Top(int n) =>
            _byStatement.OrderByDescending(x => x.Value.Ticks).Take(n).Select(x => (x.Key, x.Value.Count, TimeSpan.FromTicks(x.Value.Ticks)));

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            Command(command, eventData);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Command(command, eventData);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            Command(command, eventData);
            return ValueTask.FromResult(result);
        }

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _commitTicks, eventData.Duration.Ticks);
            return Task.CompletedTask;
        }
    }
}
