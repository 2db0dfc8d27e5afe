using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;
using ReOptIn.Core.HandOff.Connectors;
using ReOptIn.Core.Sending.Dispatch;

namespace ReOptIn.Core.HandOff;

/// <summary>
/// Delivers the outbox, in every app instance. Each pass fans new events out into one delivery per
/// destination, claims a batch of due deliveries (rows other instances hold are skipped), sends
/// them, and records the outcomes; an event delivered everywhere moves its request to HandedOff.
/// Logs carry ids and masked errors, never an address.
/// </summary>
public sealed class HandOffWorker(IServiceScopeFactory scopes, IEnumerable<IHandOffConnector> connectors, HandOffOptions options,
    HandOffSignal signal, TimeProvider clock, ILogger<HandOffWorker> log) : BackgroundService
{
    public string InstanceId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    // Catches events completed by something other than a delivery (a destination deleted, say).
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(10);

    // A pass costs a scope, a context and a few queries (the WriterGate too on SQLite): at a thousand
    // confirmations a second, one pass per confirmation took 9 % of the app's CPU. Waiting this long
    // after an idle pass delays a hand-off by at most this, and lets one pass fan out many events.
    private static readonly TimeSpan WakeSpacing = TimeSpan.FromMilliseconds(50);

    private readonly Dictionary<DestinationType, IHandOffConnector> _connectors = connectors.ToDictionary(c => c.Type);
    private DateTime _lastSweep;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                busy = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "The hand-off worker could not deliver; retrying.");
            }
            if (busy) continue;
            try
            {
                // Each look is a few queries: an idle worker looks every PollInterval, or when woken here;
                // woken by a stream of confirmations, at most once per WakeSpacing (one pass takes them all).
                var idleSince = clock.GetTimestamp();
                await signal.WaitAsync(options.PollInterval, stoppingToken);
                var rest = WakeSpacing - clock.GetElapsedTime(idleSince);
                if (rest > TimeSpan.Zero) await Task.Delay(rest, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One pass; true when it delivered something (so the next pass starts at once).</summary>
    public async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var secrets = scope.ServiceProvider.GetRequiredService<DestinationSecrets>();
        // Cheap reads first: the claims are writes, and SQLite has one writer for everyone.
        if (await db.HandOffEvents.AnyAsync(e => e.FannedOutAt == null, ct))
            using (await WriterGate.EnterAsync(db, ct))
                await FanOutAsync(db, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        List<long> ids = [];
        if (await db.HandOffDeliveries.AnyAsync(d => (d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                || (d.Status == DeliveryStatus.Delivering && d.LeaseExpiresAt < now), ct))
            using (await WriterGate.EnterAsync(db, ct))
                ids = await ClaimAsync(db, ct);
        if (ids.Count == 0)
        {
            if (clock.GetUtcNow().UtcDateTime - _lastSweep >= SweepEvery)
            {
                _lastSweep = clock.GetUtcNow().UtcDateTime;
                using (await WriterGate.EnterAsync(db, ct))
                    await CompleteAsync(db, null, ct);
            }
            return false;
        }

        var deliveries = await db.HandOffDeliveries.Include(d => d.Event).Where(d => ids.Contains(d.Id)).ToListAsync(ct);
        var destinations = await db.Destinations.AsNoTracking().Where(x => deliveries.Select(d => d.DestinationId).Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
        var requestIds = deliveries.Select(d => d.Event!.RequestId).Distinct().ToList();
        var requests = await db.Requests.AsNoTracking().Include(r => r.Contact).Include(r => r.Campaign)
            .Where(r => requestIds.Contains(r.Id)).AsSplitQuery().ToDictionaryAsync(r => r.Id, ct);
        var receipts = await db.Receipts.AsNoTracking().Where(r => requestIds.Contains(r.RequestId)).ToDictionaryAsync(r => r.RequestId, ct);

        var results = new DeliveryResult?[deliveries.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, deliveries.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = ct },
            async (i, token) =>
            {
                var d = deliveries[i];
                var request = requests.GetValueOrDefault(d.Event!.RequestId);
                if (request?.Contact is null || !StateTransitions.IsConsent(request.State) || !receipts.TryGetValue(request.Id, out var receipt))
                    return; // withdrawn or erased: cancelled below
                var destination = destinations[d.DestinationId];
                var payload = HandOffPayload.For(d.Event, receipt, request.Contact, request.Campaign!);
                try
                {
                    results[i] = await _connectors[destination.Type].DeliverAsync(DestinationTarget.Of(destination, secrets), payload, IdempotencyKey(d), token);
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    results[i] = DeliveryResult.Temporary("Unexpected problem: " + e.Message);
                }
            });

        now = clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < deliveries.Count; i++)
        {
            var d = deliveries[i];
            if (results[i] is { } raw)
            {
                // The services' messages may quote the address: keep it out of the list an Admin reads and of the logs.
                var result = raw with { Message = raw.Message is null ? null : Security.EmailMask.MaskAll(raw.Message) };
                DeliveryRetry.Record(d, result, now, options);
                if (d.Status != DeliveryStatus.Delivered)
                    log.LogWarning("Hand-off of event {EventId} to destination {DestinationId}: {Status} after {Attempts} tries. {Problem}",
                        d.EventId, d.DestinationId, d.Status, d.Attempts, result.Message);
            }
            else
            {
                d.Status = DeliveryStatus.Cancelled;
                d.LeaseExpiresAt = d.NextAttemptAt = null;
                d.LastError = "Not sent: the person withdrew or was erased before it could be delivered.";
            }
        }
        using (await WriterGate.EnterAsync(db, CancellationToken.None))
        {
            await db.SaveChangesAsync(CancellationToken.None);
            await CompleteAsync(db, deliveries.Select(d => d.EventId).Distinct().ToList(), CancellationToken.None);
        }
        return true;
    }

    /// <summary>The same on every retry and replay of an event to a destination, so a receiver can drop a second copy.</summary>
    public static string IdempotencyKey(HandOffDelivery d) => $"reoptin-event-{d.EventId}";

    private async Task FanOutAsync(ReOptInDb db, CancellationToken ct)
    {
        var destinationIds = await db.Destinations.Select(d => d.Id).ToListAsync(ct);
        // No destination yet: events wait, and the first destination added receives them.
        if (destinationIds.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var eventIds = await db.Database.SqlQueryRaw<long>(HandOffSql.FanOut(db), now, options.BatchSize * 10).ToListAsync(ct);
        if (eventIds.Count == 0)
        {
            await tx.RollbackAsync(ct);
            return;
        }
        foreach (var eventId in eventIds)
            foreach (var destinationId in destinationIds)
                db.HandOffDeliveries.Add(new HandOffDelivery(eventId, destinationId, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }

    private async Task<List<long>> ClaimAsync(ReOptInDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = await db.Database.SqlQueryRaw<long>(HandOffSql.Deliveries(db), InstanceId, now + options.Lease, now, options.BatchSize).ToListAsync(ct);
        await tx.CommitAsync(ct);
        return ids;
    }

    /// <summary>Events delivered to every destination (at least one): their requests become HandedOff.</summary>
    private async Task CompleteAsync(ReOptInDb db, List<long>? eventIds, CancellationToken ct)
    {
        var query = db.HandOffEvents.Where(e => e.CompletedAt == null && e.FannedOutAt != null
            && db.HandOffDeliveries.Any(d => d.EventId == e.Id)
            && !db.HandOffDeliveries.Any(d => d.EventId == e.Id && d.Status != DeliveryStatus.Delivered));
        if (eventIds is not null) query = query.Where(e => eventIds.Contains(e.Id));
        var done = await query.OrderBy(e => e.Id).Take(1000).Select(e => new { e.Id, e.RequestId }).ToListAsync(ct);
        if (done.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var requestIds = done.Select(e => e.RequestId).ToList();
        var doneIds = done.Select(e => e.Id).ToList();
        // Conditional: a person who declined meanwhile stays declined.
        var moved = await db.Requests.Where(r => requestIds.Contains(r.Id) && r.State == RequestState.Confirmed)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RequestState.HandedOff).SetProperty(r => r.StateChangedAt, now), ct);
        await db.HandOffEvents.Where(e => doneIds.Contains(e.Id)).ExecuteUpdateAsync(s => s.SetProperty(e => e.CompletedAt, now), ct);
        log.LogInformation("{Count} confirmed request(s) handed off to every destination.", moved);
    }
}
