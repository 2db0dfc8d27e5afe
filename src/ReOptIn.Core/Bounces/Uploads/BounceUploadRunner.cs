using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Bounces.Intake;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.Core.Sending.Dispatch;

namespace ReOptIn.Core.Bounces.Uploads;

/// <summary>
/// Processes one claimed upload from its stored file, message by message, each as the mailbox's are
/// (<see cref="BounceIntake"/>). Every few seconds it saves its counts and where it is in the file,
/// renews its claim, and looks for a cancel. It ends the job (done, failed or cancelled) with an audit
/// entry and deletes the file. Messages processed before it stopped stay acted on: nothing is rolled back.
/// </summary>
public sealed class BounceUploadRunner(ReOptInDb db, AddressHasher hasher, BounceIntakeOptions bounces, ImportOptions imports, TimeProvider clock,
    ILogger<BounceUploadRunner> log)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);
    private const int ProgressEveryMessages = 500;

    /// <summary>Runs <paramref name="job"/>, claimed by <paramref name="owner"/>; returns when it ended, or when another instance took it over.</summary>
    public async Task RunAsync(BounceUploadJob job, string owner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var summary = BounceUploadSummary.Of(job);
        FileStream file;
        try
        {
            file = new FileStream(job.StoredPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogError(e, "Bounce upload {JobId}: the stored file could not be opened.", job.Id);
            await FinishAsync(job, owner, summary, job.BytesRead, BounceUploadState.Failed,
                "The uploaded file could not be opened on the server (it is missing or unreadable where uploads are kept, Imports:Folder; the log says why). Upload it again.", ct);
            return;
        }
        await using (file)
        {
            var (state, position, error) = await ProcessAsync(job, owner, file, summary, ct);
            if (state is null) return;   // another instance has the job now
            if (state == BounceUploadState.Done && summary.Read == 0)
                (state, error) = (BounceUploadState.Failed, "The file holds no message.");
            await FinishAsync(job, owner, summary, position, state.Value, error, ct);
        }
    }

    /// <summary>For a job whose instance stopped too often while processing it: fail it with a message.</summary>
    public Task GiveUpAsync(BounceUploadJob job, string owner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        return FinishAsync(job, owner, BounceUploadSummary.Of(job), job.BytesRead, BounceUploadState.Failed,
            "The processing stopped several times without finishing (the server restarted during it, or the database was unavailable). " +
            "The messages counted here were processed; upload the file again for the rest (those processed already are recognised and not acted on twice).", ct);
    }

    private async Task<(BounceUploadState? State, long Position, string? Error)> ProcessAsync(BounceUploadJob job, string owner, FileStream file,
        BounceUploadSummary summary, CancellationToken ct)
    {
        var actor = (job.UploadedByUserId, await UploaderNames.OfAsync(db, job.UploadedByUserId, ct));
        // Saved before the first message too: the claim is renewed and a cancel asked for while queued is seen.
        var lastSave = clock.GetTimestamp();
        var sinceSave = ProgressEveryMessages;
        await using var messages = BounceFile.ReadAsync(file, bounces.MaxMessageBytes, job.BytesRead, ct).GetAsyncEnumerator(ct);
        while (true)
        {
            try
            {
                if (!await messages.MoveNextAsync()) return (BounceUploadState.Done, file.Length, null);
            }
            catch (IOException e)
            {
                log.LogError(e, "Bounce upload {JobId}: the stored file could not be read after {Count} messages.", job.Id, summary.Read);
                return (BounceUploadState.Failed, job.BytesRead, summary.Read == 0
                    ? "The file could not be read on the server (a disk error; the log says more). Nothing was processed; upload it again."
                    : $"The file could not be read on the server after {summary.Read:N0} message(s) (a disk error; the log says more). Those were processed; upload the file again for the rest (processed messages are recognised and not acted on twice).");
            }
            var message = messages.Current;
            if (sinceSave >= ProgressEveryMessages || clock.GetElapsedTime(lastSave) >= ProgressEvery)
            {
                switch (await SaveProgressAsync(job, owner, summary, message.Offset, ct))
                {
                    case Progress.LeaseLost:
                        log.LogWarning("Bounce upload {JobId}: another instance took the job over; this one stops.", job.Id);
                        return (null, message.Offset, null);
                    case Progress.CancelRequested:
                        return (BounceUploadState.Cancelled, message.Offset, null);
                }
                job.BytesRead = message.Offset;
                lastSave = clock.GetTimestamp();
                sinceSave = 0;
            }
            sinceSave++;
            try
            {
                summary.Count(await BounceIntake.ProcessAsync(db, hasher, message.Raw, "upload", clock.GetUtcNow().UtcDateTime, actor, ct));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // One message the database refused must not stop the others.
            catch (Exception e)
#pragma warning restore CA1031
            {
                summary.CountFailed();
                log.LogWarning(e, "Bounce upload {JobId}: message {Number} could not be processed.", job.Id, summary.Read);
            }
        }
    }

    private enum Progress
    {
        Saved,
        CancelRequested,
        LeaseLost,
    }

    /// <summary>Saves the counts and position, renews the claim, and notices a cancel asked for meanwhile.</summary>
    private async Task<Progress> SaveProgressAsync(BounceUploadJob job, string owner, BounceUploadSummary summary, long position, CancellationToken ct)
    {
        var leaseUntil = clock.GetUtcNow().UtcDateTime + imports.Lease;
        int saved;
        using (await WriterGate.EnterAsync(db, ct))
        {
            saved = await db.BounceUploadJobs.Where(j => j.Id == job.Id && j.LeaseOwner == owner && j.State == BounceUploadState.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.BytesRead, position)
                    .SetProperty(j => j.Messages, summary.Messages)
                    .SetProperty(j => j.AlreadyProcessed, summary.AlreadyProcessed)
                    .SetProperty(j => j.Failed, summary.Failed)
                    .SetProperty(j => j.ByClassJson, summary.ByClassJson)
                    .SetProperty(j => j.ByActionJson, summary.ByActionJson)
                    .SetProperty(j => j.LeaseExpiresAt, leaseUntil), ct);
        }
        if (saved != 1) return Progress.LeaseLost;
        return await db.BounceUploadJobs.Where(j => j.Id == job.Id).Select(j => j.CancelRequested).SingleAsync(ct) ? Progress.CancelRequested : Progress.Saved;
    }

    /// <summary>Ends the job with its counts and an audit entry (in one transaction), then deletes the stored file.</summary>
    private async Task FinishAsync(BounceUploadJob job, string owner, BounceUploadSummary summary, long position, BounceUploadState state, string? error,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        int ended;
        using (await WriterGate.EnterAsync(db, ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            ended = await db.BounceUploadJobs.Where(j => j.Id == job.Id && j.LeaseOwner == owner && j.State == BounceUploadState.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, state)
                    .SetProperty(j => j.FinishedAt, now)
                    .SetProperty(j => j.ErrorMessage, error is { Length: > 2000 } ? error[..2000] : error)
                    .SetProperty(j => j.BytesRead, position)
                    .SetProperty(j => j.Messages, summary.Messages)
                    .SetProperty(j => j.AlreadyProcessed, summary.AlreadyProcessed)
                    .SetProperty(j => j.Failed, summary.Failed)
                    .SetProperty(j => j.ByClassJson, summary.ByClassJson)
                    .SetProperty(j => j.ByActionJson, summary.ByActionJson)
                    .SetProperty(j => j.LeaseOwner, (string?)null)
                    .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), ct);
            if (ended == 1 && summary.Read > 0)
            {
                // As the synchronous upload recorded it; a job that stopped early says so first.
                var detail = state switch
                {
                    BounceUploadState.Cancelled => "Cancelled after " + summary.AuditText(),
                    BounceUploadState.Failed => "Failed after " + summary.AuditText(),
                    _ => summary.AuditText(),
                };
                db.AuditLog.Add(new AuditEntry(now, AuditActions.BouncesUploaded, job.UploadedByUserId, await UploaderNames.OfAsync(db, job.UploadedByUserId, ct), job.FileName, detail, null));
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        if (ended != 1)
        {
            log.LogWarning("Bounce upload {JobId}: another instance took the job over before it ended here.", job.Id);
            return;
        }
        job.State = state;
        StoredUpload.TryDelete(job.StoredPath, log);
        log.LogInformation("Bounce upload {JobId} {State}: {Messages} messages, {Failed} failed.", job.Id, state.ToString(), summary.Messages, summary.Failed);
    }
}
