using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing.Addresses;
using ReOptIn.Core.Importing.Mapping;
using ReOptIn.Core.Importing.Parsing;

namespace ReOptIn.Core.Importing;

/// <summary>
/// Runs one import from its stored file to the database: read, map, clean, de-duplicate, check
/// against the registry and suppressions, and write in large batches through the provider's bulk
/// writer. Safe to run again after a crash: it starts over and every write is idempotent.
/// </summary>
public sealed class ImportRunner(ReOptInDb db, IContactBulkWriter writer, AddressHasher hasher, ImportOptions options, TimeProvider clock, ILogger<ImportRunner> log)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    /// <summary>Runs <paramref name="job"/> (already claimed). Returns when it is completed, failed or cancelled.</summary>
    public async Task RunAsync(ImportJob job, CancellationToken ct)
    {
        try
        {
            await ImportAsync(job, ct);
        }
        catch (ImportFileException e)
        {
            await FinishAsync(job, ImportStatus.Failed, e.Code, e.Message, CancellationToken.None);
        }
        catch (ImportCancelledException)
        {
            await FinishAsync(job, ImportStatus.Cancelled, null, null, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(e, "Import {JobId} failed unexpectedly.", job.Id);
            await FinishAsync(job, ImportStatus.Failed, "internal-error",
                "The import stopped because of an unexpected error. Nothing from it was kept; please try again, and tell your administrator if it happens again.",
                CancellationToken.None);
        }
    }

    /// <summary>For a job whose process died too often: fail it with a message, keep nothing.</summary>
    public Task GiveUpAsync(ImportJob job, CancellationToken ct) => FinishAsync(job, ImportStatus.Failed, "crashed",
        "The import stopped several times without finishing (the server restarted during it). Nothing from it was kept; please upload the file again.", ct);

    private sealed record Batch(List<(ParsedRow Row, ImportedContact Contact, bool Flagged)> Pending, List<ImportReject> Rejects, long BytesRead);

    /// <summary>
    /// Two stages on two cores: this method reads, cleans, hashes, de-duplicates and maps rows; a
    /// second task checks each batch against the registry and writes it. Only the second touches the
    /// database (a DbContext is not thread-safe); counters are shared under a lock. The writing stage
    /// is the slower one, so everything that needs no database happens in the first.
    /// </summary>
    private async Task ImportAsync(ImportJob job, CancellationToken ct)
    {
        await db.ImportRejects.Where(r => r.JobId == job.Id).ExecuteDeleteAsync(ct);
        ResetCounts(job);
        var format = ImportJobSettings.FormatOf(job);
        using var reader = new DelimitedReader(ImportFileOpener.Open(job.StoredPath, job.FileName, ImportJobSettings.Limits(options)), format);
        var columns = ColumnMapper.ColumnNames(reader.Header, job.ColumnCount);
        var mapping = job.MappingJson is null ? throw new InvalidOperationException("The import has no column mapping.") : ColumnMappingJson.Apply(job.MappingJson, columns);
        var rows = new ImportRowMapper(mapping);
        var blocked = await BlockedAddresses.LoadAsync(db, ct);
        var now = clock.GetUtcNow().UtcDateTime;

        using var mailCheck = options.CheckMailServers
            ? new MailDomainChecker(options.DnsServers.Select(IPEndPoint.Parse).ToList(), options.DnsTimeout, options.DnsConcurrency)
            : null;
        var gate = new object();
        var byReason = new Dictionary<string, long>(StringComparer.Ordinal);
        void Count(string reason, bool rowRejected = true)
        {
            lock (gate)
            {
                if (rowRejected) job.Rejected++;
                byReason[reason] = byReason.GetValueOrDefault(reason) + 1;
            }
        }

        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var consumer = Task.Run(async () =>
        {
            try
            {
                var lastProgress = clock.GetTimestamp();
                await foreach (var batch in channel.Reader.ReadAllAsync(ct))
                {
                    var found = await blocked.FindAsync(batch.Pending.ConvertAll(p => p.Contact.AddressHash), ct);
                    var domains = mailCheck is null ? null
                        : await mailCheck.CheckAsync(batch.Pending.Select(p => DomainOf(p.Contact.Email)), ct);
                    var contacts = new List<ImportedContact>(batch.Pending.Count);
                    var flagged = 0;
                    foreach (var (row, contact, isFlagged) in batch.Pending)
                    {
                        if (found.Count > 0 && found.TryGetValue(Hash32.From(contact.AddressHash), out var block))
                        {
                            Count(block.Reason);
                            batch.Rejects.Add(new ImportReject(job.Id, row.Number, block.Reason, block.Detail, RowText(row.Fields)));
                            continue;
                        }
                        if (domains is not null && domains[DomainOf(contact.Email)] == MailDomainVerdict.NoMailServer)
                        {
                            Count(RejectReasons.NoMailServer);
                            var domain = DomainOf(contact.Email);
                            batch.Rejects.Add(new ImportReject(job.Id, row.Number, RejectReasons.NoMailServer, domain.Length > 200 ? domain[..200] : domain, RowText(row.Fields)));
                            continue;
                        }
                        if (isFlagged) flagged++;
                        contacts.Add(contact);
                    }
                    if (contacts.Count > 0) await writer.WriteContactsAsync(job.ListId, job.Id, now, contacts, ct);
                    if (batch.Rejects.Count > 0) await writer.WriteRejectsAsync(batch.Rejects, ct);
                    lock (gate)
                    {
                        job.Accepted += contacts.Count;
                        job.Flagged += flagged;
                        job.BytesRead = batch.BytesRead;
                    }
                    if (clock.GetElapsedTime(lastProgress) >= ProgressEvery)
                    {
                        lastProgress = clock.GetTimestamp();
                        await SaveProgressAsync(job, Snapshot(job, byReason, gate), ct);
                    }
                }
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e); // stops the reading stage too
                throw;
            }
        }, ct);

        var seen = new SeenAddresses(); // half hashes, not strings: a fifth of the memory for a million rows
        var batchSize = options.BatchSize ?? writer.BatchSize;
        var pending = new List<(ParsedRow Row, ImportedContact Contact, bool Flagged)>(batchSize);
        var rejects = new List<ImportReject>();
        var lastSent = clock.GetTimestamp();
        try
        {
            foreach (var row in reader.ReadRows())
            {
                lock (gate) job.RowsRead++;
                var address = AddressParser.Parse(rows.EmailCell(row.Fields));
                if (!address.IsValid)
                {
                    Count(address.Rejection!);
                    rejects.Add(new ImportReject(job.Id, row.Number, address.Rejection!, null, RowText(row.Fields)));
                }
                else
                {
                    // Further addresses in the cell are reported beside the accepted row, not imported.
                    foreach (var other in address.OtherAddresses)
                    {
                        Count(RejectReasons.ExtraAddressInCell, rowRejected: false);
                        rejects.Add(new ImportReject(job.Id, row.Number, RejectReasons.ExtraAddressInCell, other.Length > 200 ? other[..200] : other, RowText(row.Fields)));
                    }
                    var hash = hasher.HashNormalized(address.Normalized!);
                    if (!seen.Add(Hash16.From(hash)))
                    {
                        lock (gate) job.Duplicates++;
                        Count(RejectReasons.DuplicateInFile);
                        rejects.Add(new ImportReject(job.Id, row.Number, RejectReasons.DuplicateInFile, null, RowText(row.Fields)));
                    }
                    else
                    {
                        var jurisdiction = Jurisdictions.ExclusionFor(rows.Country(row.Fields), address.Normalized!);
                        var flagged = address.Flags != AddressFlags.None || jurisdiction is not null;
                        pending.Add((row, rows.Map(row.Fields, address, hash, jurisdiction), flagged));
                    }
                }
                // Send a batch when it is full, or every second so that progress and cancelling keep moving.
                if (pending.Count >= batchSize || rejects.Count >= batchSize || clock.GetElapsedTime(lastSent) >= ProgressEvery)
                {
                    ct.ThrowIfCancellationRequested();
                    await channel.Writer.WriteAsync(new Batch(pending, rejects, reader.BytesConsumed), ct);
                    pending = new(batchSize);
                    rejects = [];
                    lastSent = clock.GetTimestamp();
                }
            }
            await channel.Writer.WriteAsync(new Batch(pending, rejects, reader.BytesConsumed), ct);
            channel.Writer.Complete();
        }
        catch (ChannelClosedException)
        {
            await consumer; // the writing stage failed or saw a cancel: throw what it threw
            throw;
        }
        catch
        {
            channel.Writer.TryComplete();
            try { await consumer; }
            catch (Exception) { /* the reading stage's error is the one to report */ }
            throw;
        }
        await consumer;

        job.RejectedByReasonJson = JsonSerializer.Serialize(byReason);
        if (job.RowsRead == 0)
            throw new ImportFileException("no-rows", "The file has no rows to import" + (format.HasHeader ? " below its header row." : "."));
        await FinishAsync(job, ImportStatus.Completed, null, null, ct);
    }

    private static string DomainOf(string email) => email[(email.LastIndexOf('@') + 1)..];

    private sealed record ProgressSnapshot(long BytesRead, long RowsRead, long Accepted, long Rejected, long Duplicates, long Flagged, string ByReasonJson);

    private static ProgressSnapshot Snapshot(ImportJob job, Dictionary<string, long> byReason, object gate)
    {
        lock (gate)
            return new(job.BytesRead, job.RowsRead, job.Accepted, job.Rejected, job.Duplicates, job.Flagged, JsonSerializer.Serialize(byReason));
    }

    /// <summary>Saves the counts, renews the lease, and notices a cancel request made meanwhile.</summary>
    private async Task SaveProgressAsync(ImportJob job, ProgressSnapshot p, CancellationToken ct)
    {
        var leaseUntil = clock.GetUtcNow().UtcDateTime + options.Lease;
        await db.ImportJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.BytesRead, p.BytesRead)
            .SetProperty(j => j.RowsRead, p.RowsRead)
            .SetProperty(j => j.Accepted, p.Accepted)
            .SetProperty(j => j.Rejected, p.Rejected)
            .SetProperty(j => j.Duplicates, p.Duplicates)
            .SetProperty(j => j.Flagged, p.Flagged)
            .SetProperty(j => j.RejectedByReasonJson, p.ByReasonJson)
            .SetProperty(j => j.LeaseExpiresAt, leaseUntil), ct);
        if (await db.ImportJobs.Where(j => j.Id == job.Id).Select(j => j.CancelRequested).SingleAsync(ct))
            throw new ImportCancelledException();
    }

    private async Task FinishAsync(ImportJob job, ImportStatus status, string? code, string? message, CancellationToken ct)
    {
        if (status != ImportStatus.Completed)
            await RollBackAsync(job, ct);
        var finishedAt = clock.GetUtcNow().UtcDateTime;
        string? mappingJson = job.MappingJson;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.ImportJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, status)
                .SetProperty(j => j.FinishedAt, finishedAt)
                .SetProperty(j => j.ErrorCode, code)
                .SetProperty(j => j.ErrorMessage, message)
                .SetProperty(j => j.BytesRead, job.BytesRead)
                .SetProperty(j => j.RowsRead, job.RowsRead)
                .SetProperty(j => j.Accepted, status == ImportStatus.Completed ? job.Accepted : 0)
                .SetProperty(j => j.Rejected, job.Rejected)
                .SetProperty(j => j.Duplicates, job.Duplicates)
                .SetProperty(j => j.Flagged, job.Flagged)
                .SetProperty(j => j.RejectedByReasonJson, job.RejectedByReasonJson)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), ct);
            if (status == ImportStatus.Completed)
                await db.Lists.Where(l => l.Id == job.ListId).ExecuteUpdateAsync(s => s.SetProperty(l => l.MappingJson, mappingJson), ct);
            await tx.CommitAsync(ct);
        }
        job.Status = status;
        StoredUpload.TryDelete(job.StoredPath, log);
        log.LogInformation("Import {JobId} {Status}: {Rows} rows, {Accepted} accepted, {Rejected} rejected.", job.Id, status.ToString(), job.RowsRead, job.Accepted, job.Rejected);
    }

    /// <summary>A cancelled or failed import leaves nothing behind: its memberships go, and contacts only it brought.</summary>
    private async Task RollBackAsync(ImportJob job, CancellationToken ct)
    {
        await db.Memberships.Where(m => m.ListId == job.ListId && m.ImportJobId == job.Id).ExecuteDeleteAsync(ct);
        await db.Contacts.Where(c => !c.Memberships.Any() && !db.Requests.Any(r => r.ContactId == c.Id)).ExecuteDeleteAsync(ct);
    }

    private static void ResetCounts(ImportJob job)
    {
        job.RowsRead = job.Accepted = job.Rejected = job.Duplicates = job.Flagged = job.BytesRead = 0;
        job.RejectedByReasonJson = null;
    }

    /// <summary>The row as CSV again, for the rejects file.</summary>
    internal static string RowText(string[] fields)
    {
        var text = new StringBuilder();
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0) text.Append(',');
            var f = fields[i];
            if (f.AsSpan().IndexOfAny(",\"\r\n") >= 0) text.Append('"').Append(f.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            else text.Append(f);
            if (text.Length > 4000) return text.ToString(0, 4000);
        }
        return text.ToString();
    }

    private sealed class ImportCancelledException : Exception;
}
