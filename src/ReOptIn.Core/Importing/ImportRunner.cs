using System.Globalization;
using System.Text;
using System.Text.Json;
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

    private async Task ImportAsync(ImportJob job, CancellationToken ct)
    {
        await db.ImportRejects.Where(r => r.JobId == job.Id).ExecuteDeleteAsync(ct);
        ResetCounts(job);
        var format = ImportJobSettings.FormatOf(job);
        using var reader = new DelimitedReader(ImportFileOpener.Open(job.StoredPath, job.FileName, ImportJobSettings.Limits(options)), format);
        var columns = ImportInspector.ColumnNames(reader.Header, job.ColumnCount);
        var mapping = job.MappingJson is null ? throw new InvalidOperationException("The import has no column mapping.") : ColumnMappingJson.Apply(job.MappingJson, columns);
        var rows = new ImportRowMapper(mapping);
        var blocked = await BlockedAddresses.LoadAsync(db, ct);
        var now = clock.GetUtcNow().UtcDateTime;

        var seen = new HashSet<Hash32>(); // hashes, not strings: a third of the memory for a million rows
        var byReason = new Dictionary<string, long>(StringComparer.Ordinal);
        var pending = new List<(ParsedRow Row, ParsedAddress Address, byte[] Hash)>(options.BatchSize);
        var rejects = new List<ImportReject>();
        var lastProgress = clock.GetTimestamp();

        void Reject(ParsedRow row, string reason, string? detail = null)
        {
            job.Rejected++;
            byReason[reason] = byReason.GetValueOrDefault(reason) + 1;
            rejects.Add(new ImportReject(job.Id, row.Number, reason, detail, RowText(row.Fields)));
        }

        async Task FlushAsync()
        {
            var found = await blocked.FindAsync(pending.ConvertAll(p => p.Hash), ct);
            var batch = new List<ImportedContact>(pending.Count);
            foreach (var (row, address, hash) in pending)
            {
                if (found.TryGetValue(Hash32.From(hash), out var block))
                {
                    Reject(row, block.Reason, block.Detail);
                    continue;
                }
                var jurisdiction = Jurisdictions.ExclusionFor(rows.Country(row.Fields), address.Normalized!);
                if (address.Flags != AddressFlags.None || jurisdiction is not null) job.Flagged++;
                batch.Add(rows.Map(row.Fields, address, hash, jurisdiction));
            }
            if (batch.Count > 0) await writer.WriteContactsAsync(job.ListId, job.Id, now, batch, ct);
            if (rejects.Count > 0) await writer.WriteRejectsAsync(rejects, ct);
            job.Accepted += batch.Count;
            pending.Clear();
            rejects.Clear();
        }

        foreach (var row in reader.ReadRows())
        {
            job.RowsRead++;
            var address = AddressParser.Parse(rows.EmailCell(row.Fields));
            if (!address.IsValid)
            {
                Reject(row, address.Rejection!);
            }
            else
            {
                // Further addresses in the cell are reported beside the accepted row, not imported.
                foreach (var other in address.OtherAddresses)
                {
                    byReason[RejectReasons.ExtraAddressInCell] = byReason.GetValueOrDefault(RejectReasons.ExtraAddressInCell) + 1;
                    rejects.Add(new ImportReject(job.Id, row.Number, RejectReasons.ExtraAddressInCell, other.Length > 200 ? other[..200] : other, RowText(row.Fields)));
                }
                var hash = hasher.HashNormalized(address.Normalized!);
                if (!seen.Add(Hash32.From(hash)))
                {
                    job.Duplicates++;
                    Reject(row, RejectReasons.DuplicateInFile);
                }
                else
                {
                    pending.Add((row, address, hash));
                    if (pending.Count >= options.BatchSize) await FlushAsync();
                }
            }

            if (clock.GetElapsedTime(lastProgress) >= ProgressEvery)
            {
                ct.ThrowIfCancellationRequested();
                lastProgress = clock.GetTimestamp();
                job.BytesRead = reader.BytesConsumed;
                job.RejectedByReasonJson = JsonSerializer.Serialize(byReason);
                await SaveProgressAsync(job, ct);
            }
        }
        await FlushAsync();

        job.BytesRead = reader.BytesConsumed;
        job.RejectedByReasonJson = JsonSerializer.Serialize(byReason);
        if (job.RowsRead == 0)
            throw new ImportFileException("no-rows", "The file has no rows to import" + (format.HasHeader ? " below its header row." : "."));
        await FinishAsync(job, ImportStatus.Completed, null, null, ct);
    }

    /// <summary>Saves the counts, renews the lease, and notices a cancel request made meanwhile.</summary>
    private async Task SaveProgressAsync(ImportJob job, CancellationToken ct)
    {
        var leaseUntil = clock.GetUtcNow().UtcDateTime + options.Lease;
        await db.ImportJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.BytesRead, job.BytesRead)
            .SetProperty(j => j.RowsRead, job.RowsRead)
            .SetProperty(j => j.Accepted, job.Accepted)
            .SetProperty(j => j.Rejected, job.Rejected)
            .SetProperty(j => j.Duplicates, job.Duplicates)
            .SetProperty(j => j.Flagged, job.Flagged)
            .SetProperty(j => j.RejectedByReasonJson, job.RejectedByReasonJson)
            .SetProperty(j => j.LeaseExpiresAt, leaseUntil), ct);
        if (await db.ImportJobs.Where(j => j.Id == job.Id).Select(j => j.CancelRequested).SingleAsync(ct))
            throw new ImportCancelledException();
    }

    private async Task FinishAsync(ImportJob job, ImportStatus status, string? code, string? message, CancellationToken ct)
    {
        if (status != ImportStatus.Completed)
            await RollBackAsync(job.Id, ct);
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
        TryDelete(job.StoredPath);
        log.LogInformation("Import {JobId} {Status}: {Rows} rows, {Accepted} accepted, {Rejected} rejected.", job.Id, status.ToString(), job.RowsRead, job.Accepted, job.Rejected);
    }

    /// <summary>A cancelled or failed import leaves nothing behind: its memberships go, and contacts only it brought.</summary>
    private async Task RollBackAsync(long jobId, CancellationToken ct)
    {
        await db.Memberships.Where(m => m.ImportJobId == jobId).ExecuteDeleteAsync(ct);
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

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            log.LogWarning(e, "Could not delete the upload {Path}.", path);
        }
    }

    private sealed class ImportCancelledException : Exception;

    internal static string Format(DateTime at) => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
