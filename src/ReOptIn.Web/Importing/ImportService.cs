using System.Text;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.Core.Importing.Parsing;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Importing;

/// <summary>From an upload to a queued import: the same steps for the browser and the API.</summary>
public sealed class ImportService(ReOptInDb db, ImportOptions options, ImportSignal signal, AuditTrail audit, TimeProvider clock, ILogger<ImportService> log)
{
    private static readonly string[] Accepted = [".csv", ".txt", ".tsv", ".zip", ".gz"];

    /// <summary>
    /// Streams the upload to disk (never whole in memory), inspects it and records a job: a draft
    /// for the browser's review step, or queued at once for the API. A file that cannot be read
    /// leaves nothing behind and throws <see cref="ImportFileException"/> with the reason.
    /// </summary>
    public async Task<(ImportJob Job, Inspection Inspection)> CreateAsync(
        int listId, Stream content, string fileName, FormatOverrides overrides, string? mappingJson, bool queue, string? userId, CancellationToken ct)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (!Accepted.Contains(extension))
            throw new ImportFileException("unsupported-type", $"“{name}” is not a file ReOptIn can import. Upload a .csv, .txt or .tsv file, or a .zip or .gz holding one.");

        var path = Path.Combine(options.Folder, $"{Guid.NewGuid():N}{extension}");
        try
        {
            long bytes;
            try
            {
                bytes = await SaveAsync(content, path, ct);
            }
            catch (IOException e)
            {
                throw ImportFileErrors.NotStored(e);
            }
            if (bytes == 0) throw new ImportFileException("empty-file", "The file is empty. Check that you chose the right file.");
            var list = await db.Lists.AsNoTracking().SingleAsync(l => l.Id == listId, ct);
            // A mapping given with the upload must fit; the list's remembered one is only a suggestion.
            var inspection = mappingJson is not null
                ? ImportInspector.Inspect(path, name, ImportJobSettings.Limits(options), overrides, mappingJson)
                : Inspect(path, name, overrides, list.MappingJson);
            if (queue && inspection.Mapping.IndexOf(Core.Importing.Mapping.ContactField.Email) is null)
                throw new ImportFileException("no-email-column",
                    $"No column looks like email addresses (columns: {string.Join(", ", inspection.Columns.Take(10))}). Name the email column in `mapping`, or check the delimiter and encoding.");
            var job = new ImportJob(listId, name, path, bytes, clock.GetUtcNow().UtcDateTime)
            {
                CreatedByUserId = userId,
                Status = queue ? ImportStatus.Queued : ImportStatus.Draft,
            };
            ImportJobSettings.Apply(job, inspection.Format, inspection.Mapping, inspection.Notes, inspection.Columns.Count);
            db.ImportJobs.Add(job);
            audit.Record(AuditActions.ListUploaded, $"list {listId}", $"{name} ({bytes:N0} bytes)");
            await db.SaveChangesAsync(ct);
            if (queue) signal.Notify();
            return (job, inspection);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Inspects a stored upload; a remembered mapping that no longer fits the columns is replaced by a suggestion.</summary>
    public Inspection Inspect(string path, string fileName, FormatOverrides overrides, string? mappingJson)
    {
        var limits = ImportJobSettings.Limits(options);
        if (mappingJson is null) return ImportInspector.Inspect(path, fileName, limits, overrides);
        try
        {
            return ImportInspector.Inspect(path, fileName, limits, overrides, mappingJson);
        }
        catch (ImportFileException e) when (e.Code == "bad-mapping")
        {
            return ImportInspector.Inspect(path, fileName, limits, overrides);
        }
    }

    public async Task QueueAsync(ImportJob job, CancellationToken ct)
    {
        job.Status = ImportStatus.Queued;
        await db.SaveChangesAsync(ct);
        signal.Notify();
    }

    /// <summary>Asks a queued or running import to stop; the worker rolls it back.</summary>
    public async Task CancelAsync(ImportJob job, CancellationToken ct)
    {
        if (job.Status is ImportStatus.Draft or ImportStatus.Queued)
        {
            job.Status = ImportStatus.Cancelled;
            job.FinishedAt = clock.GetUtcNow().UtcDateTime;
            // The file may be on another instance's disk: the cancel stands either way.
            StoredUpload.TryDelete(job.StoredPath, log);
        }
        else if (job.Status == ImportStatus.Running)
        {
            job.CancelRequested = true;
        }
        audit.Record(AuditActions.ImportCancelled, $"import {job.Id}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A pasted list becomes a UTF-8 CSV upload like any other.</summary>
    public static Stream PastedText(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    private async Task<long> SaveAsync(Stream content, string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > options.MaxUploadBytes)
                throw new ImportFileException("too-large", $"The file is larger than the limit of {Size(options.MaxUploadBytes)}. Split it, or compress it as .zip or .gz.");
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return total;
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes} bytes",
    };
}
