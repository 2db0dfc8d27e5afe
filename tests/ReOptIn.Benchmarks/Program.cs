using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.Core.Importing.Parsing;
using ReOptIn.Data.PostgreSql;
using ReOptIn.Data.Sqlite;

// One measurement per process, so that each peak working set is its own (the import-* modes import a small
// warm-up file first and print both: see ImportTwice):
//   generate FILE ROWS | parse FILE | import-sqlite FILE | import-postgresql FILE CONNECTION
// tests/ReOptIn.Benchmarks/run.sh runs them all and prints the table for docs/performance.md.
// The dispatch benchmark (dispatch-sqlite, dispatch-bare, dispatch-parts) is in Dispatch.cs; dispatch.sh runs it.
var mode = args.ElementAtOrDefault(0) ?? "";
var file = args.ElementAtOrDefault(1) ?? Path.Combine(Path.GetTempPath(), "reoptin-bench-1m.csv");
switch (mode)
{
    case "generate":
        Generator.Write(file, int.Parse(args.ElementAtOrDefault(2) ?? "1000000", CultureInfo.InvariantCulture));
        break;
    case "parse":
        Report("parse only (DelimitedReader over CsvHelper 34: the baseline)", w => ParseOnly(file, w));
        break;
    case "import-null":
        OnNewSqliteFile(db => ImportTwice("pipeline without storage (bulk writer does nothing)", db, () => new NullWriter(), file));
        break;
    case "import-sqlite":
        OnNewSqliteFile(db => ImportTwice("end to end on SQLite", db, () => new SqliteContactWriter(db), file));
        break;
    case "import-postgresql":
        ImportPostgreSql(file, args[2]);
        break;
    // dispatch-*: COUNT SMTP_PORT [CONNECTIONS] [DKIM_KEY_FILE or -] [PER_SECOND]; see dispatch.sh.
    case "dispatch-sqlite":
        return await DispatchBench.WorkerAsync(DispatchBench.Parse(args, 4));
    case "dispatch-bare":
        return await DispatchBench.BareAsync(DispatchBench.Parse(args, 4));
    case "dispatch-parts":
        return await DispatchBench.PartsAsync(DispatchBench.Parse(args, 1));
    // public-seed DATABASE_FILE COUNT TOKENS_FILE: the database for public.sh (wrk against /c/{token}).
    case "public-seed":
        return await PublicPagesBench.SeedAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3]);
    // report-sqlite COUNT [open|purged] | report-postgresql COUNT CONNECTION [open|purged]; see report.sh.
    case "report-sqlite" or "report-postgresql":
        return await ReportBench.RunAsync(args);
    default:
        Console.Error.WriteLine("usage: generate FILE ROWS | parse FILE | import-null FILE | import-sqlite FILE | import-postgresql FILE CONNECTION"
            + " | dispatch-sqlite|dispatch-bare|dispatch-parts COUNT SMTP_PORT [CONNECTIONS] [DKIM_KEY_FILE|-] [PER_SECOND]"
            + " | public-seed DATABASE_FILE COUNT TOKENS_FILE"
            + " | report-sqlite COUNT [open|purged] | report-postgresql COUNT CONNECTION [open|purged]");
        return 2;
}
return 0;

static void Report(string what, Func<Stopwatch, long> run)
{
    // The measured function starts and stops the watch itself, so that creating and migrating
    // the database is not counted as import time.
    // CPU time of this process from the watch's start (all threads), the fairest figure on a shared machine.
    var watch = new Stopwatch();
    var rows = run(watch);
    using var self = Process.GetCurrentProcess();
    var cpu = self.TotalProcessorTime - TimedCpu.AtStart;
    // Bytes allocated per row: unlike time, the same on a busy machine as on a quiet one.
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - TimedCpu.AllocatedAtStart;
    // Time spent compiling (all threads; wall clock, so it grows with the load) inside the window: the app compiles without quick JIT (ADR-0021), so the first
    // import in a process compiles every method it touches, fully optimised.
    var jit = System.Runtime.JitInfo.GetCompilationTime() - TimedCpu.JitAtStart;
    var methods = System.Runtime.JitInfo.GetCompiledMethodCount() - TimedCpu.MethodsAtStart;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what}: {rows:N0} rows in {watch.Elapsed.TotalSeconds:0.00} s = {rows / watch.Elapsed.TotalSeconds:N0} rows/s, peak working set {self.PeakWorkingSet64 / (1024.0 * 1024):N0} MB, process CPU {cpu.TotalSeconds:0.00} s = {cpu.TotalMicroseconds / rows:0.0} µs/row, JIT {jit.TotalSeconds:0.00} s ({methods:N0} methods), allocated {allocated / (double)rows:N0} B/row, {GC.CollectionCount(0) - TimedCpu.Gen0AtStart} gen0 / {GC.CollectionCount(2) - TimedCpu.Gen2AtStart} gen2 GCs ({(GC.GetTotalPauseDuration() - TimedCpu.PausedAtStart).TotalSeconds:0.00} s paused)"));
}

static long ParseOnly(string file, Stopwatch watch)
{
    watch.Start();
    TimedCpu.Mark();
    using var reader = new DelimitedReader(File.OpenRead(file), new TextFormat(TextFormat.Utf8, ',', true));
    long rows = 0;
    foreach (var _ in reader.ReadRows()) rows++;
    watch.Stop();
    return rows;
}

// Two imports in one process and one database, each into its own list: first a small file of the same
// generator (other addresses), which pays the JIT as an app's first import does (quick JIT is off, ADR-0021),
// then the measured file, as a long-running server imports it. Both are printed.
static void ImportTwice(string what, ReOptInDb db, Func<IContactBulkWriter> writer, string file)
{
    const int WarmUpRows = 20_000;
    var warmUp = Path.Combine(Directory.CreateTempSubdirectory("reoptin-warm-up-").FullName, "warm-up.csv");
    Generator.Write(warmUp, WarmUpRows, tag: "w");
    Report($"{what}, COLD (first import in the process, {WarmUpRows:N0}-row warm-up file)", w => RunImport(db, writer(), warmUp, w));
    Directory.Delete(Path.GetDirectoryName(warmUp)!, recursive: true);
    Report($"{what}, WARM (the measured file, after the warm-up import)", w => RunImport(db, writer(), file, w));
}

static void OnNewSqliteFile(Action<ReOptInDb> run)
{
    var folder = Directory.CreateTempSubdirectory("reoptin-bench-").FullName;
    var options = new DbContextOptionsBuilder<ReOptInDb>();
    options.UseReOptInDatabase(new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(folder, "bench.db")}" });
    using (var db = new ReOptInDb(options.Options))
    {
        db.Database.Migrate();
        run(db);
    }
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

static void ImportPostgreSql(string file, string connection)
{
    var options = new DbContextOptionsBuilder<ReOptInDb>();
    options.UseReOptInDatabase(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connection });
    using var db = new ReOptInDb(options.Options);
    db.Database.EnsureDeleted();
    db.Database.Migrate();
    ImportTwice("end to end on PostgreSQL", db, () => new PostgreSqlContactWriter(db), file);
}

// The same code path as the app: inspect (detect + map), then the runner with the provider's writer.
static long RunImport(ReOptInDb db, IContactBulkWriter writer, string file, Stopwatch watch)
{
    var now = DateTime.UtcNow;
    var list = new ContactList("Benchmark", "Generated", now);
    db.Lists.Add(list);
    db.SaveChanges();
    var copy = file + ".job";
    File.Copy(file, copy, overwrite: true); // the runner deletes its upload when done
    watch.Start(); // from here on, what the app does with an upload: inspect, then import
    TimedCpu.Mark();
    var importOptions = new ImportOptions();
    var inspection = ImportInspector.Inspect(file, Path.GetFileName(file), ImportJobSettings.Limits(importOptions), new FormatOverrides());
    var job = new ImportJob(list.Id, Path.GetFileName(file), copy, new FileInfo(copy).Length, now) { Status = ImportStatus.Running };
    ImportJobSettings.Apply(job, inspection.Format, inspection.Mapping, inspection.Notes, inspection.Columns.Count);
    db.ImportJobs.Add(job);
    db.SaveChanges();
    var runner = new ImportRunner(db, writer, new AddressHasher(new byte[32]), importOptions, TimeProvider.System, NullLogger<ImportRunner>.Instance);
    runner.RunAsync(job, CancellationToken.None).GetAwaiter().GetResult();
    watch.Stop();
    var done = db.ImportJobs.AsNoTracking().Single(j => j.Id == job.Id);
    if (done.Status != ImportStatus.Completed) throw new InvalidOperationException($"The import ended {done.Status}: {done.ErrorMessage}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  accepted {done.Accepted:N0}, rejected {done.Rejected:N0} (duplicates {done.Duplicates:N0}), flagged {done.Flagged:N0}"));
    return done.RowsRead;
}

internal static class TimedCpu
{
    public static TimeSpan AtStart { get; private set; }

    public static long AllocatedAtStart { get; private set; }

    public static TimeSpan PausedAtStart { get; private set; }

    public static TimeSpan JitAtStart { get; private set; }

    public static long MethodsAtStart { get; private set; }

    public static int Gen0AtStart { get; private set; }

    public static int Gen2AtStart { get; private set; }

    public static void Mark()
    {
        JitAtStart = System.Runtime.JitInfo.GetCompilationTime();
        MethodsAtStart = System.Runtime.JitInfo.GetCompiledMethodCount();
        Gen0AtStart = GC.CollectionCount(0);
        Gen2AtStart = GC.CollectionCount(2);
        AtStart = Process.GetCurrentProcess().TotalProcessorTime;
        AllocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
        PausedAtStart = GC.GetTotalPauseDuration();
    }
}

internal sealed class NullWriter : IContactBulkWriter
{
    public Task WriteContactsAsync(int listId, long jobId, DateTime now, IReadOnlyList<ImportedContact> batch, CancellationToken ct) => Task.CompletedTask;

    public Task WriteRejectsAsync(IReadOnlyList<ImportReject> rejects, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>A realistic old list: 7 columns, 5% invalid addresses, 3% duplicates that differ in case or spaces.</summary>
internal static class Generator
{
    private static readonly string[] First = ["Anne", "José", "Zoë", "Mohammed", "Wei", "Olga", "Liam", "Chloé", "Jürgen", "Aiko"];
    private static readonly string[] Last = ["Martin", "García", "Müller", "Smith", "Dubois", "Rossi", "Nowak", "Kim", "O'Brien", "Lefèvre"];
    private static readonly string[] Ascii = ["anne", "jose", "zoe", "mohammed", "wei", "olga", "liam", "chloe", "juergen", "aiko"];
    private static readonly string[] Countries = ["FR", "DE", "ES", "US", "IT", "BE", "NL", "GB", "CA", "PL"];
    private static readonly string[] Domains = ["example.com", "example.org", "example.net", "mail.example.fr", "example.de"];

    /// <param name="tag">Put into every generated address, for a file whose addresses differ from the default one's.</param>
    public static void Write(string path, int rows, string tag = "")
    {
        var random = new Random(42);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("email,first_name,last_name,country,language,signup_date,plan\n");
        var written = new List<string>(capacity: rows);
        for (var i = 0; i < rows; i++)
        {
            string email;
            var roll = random.NextDouble();
            if (roll < 0.05) email = random.Next(3) switch { 0 => $"not-an-address-{i}", 1 => $"user{i}@@example.com", _ => $"user {i}@example" };
            else if (roll < 0.08 && written.Count > 0) email = Variant(written[random.Next(written.Count)], random);
            else
            {
                email = $"{Ascii[random.Next(Ascii.Length)]}.{tag}{i}@{Domains[random.Next(Domains.Length)]}";
                written.Add(email);
            }
            var first = First[random.Next(First.Length)];
            var last = Last[random.Next(Last.Length)];
            var quotedLast = last.Contains('\'', StringComparison.Ordinal) ? $"\"{last}\"" : last;
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{email},{first},{quotedLast},{Countries[random.Next(Countries.Length)]},{(random.Next(2) == 0 ? "fr" : "en")},{2015 + random.Next(10)}-0{1 + random.Next(9)}-1{random.Next(10)},{(random.Next(3) == 0 ? "pro" : "free")}\n"));
        }
    }

    private static string Variant(string email, Random random) => random.Next(2) == 0 ? email.ToUpperInvariant() : $" {email} ";
}
