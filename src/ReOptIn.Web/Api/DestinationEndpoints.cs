using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Core.HandOff;
using ReOptIn.Web.Accounts;
using ReOptIn.Web.Auditing;
using ReOptIn.Web.HandOff;

namespace ReOptIn.Web.Api;

/// <summary>Where confirmed contacts are handed off (webhook, ActiveCampaign, Mailchimp), their deliveries and the dead-letter list. Admins only.</summary>
public static class DestinationEndpoints
{
    /// <summary><c>url</c> is the webhook's; <c>baseUrl</c> the service's API (either name is accepted). <c>secret</c> or <c>apiKey</c> likewise.</summary>
    public sealed record DestinationRequest(string? Name, string? Type, string? Url, string? BaseUrl, string? Secret, string? ApiKey,
        string? ListId, string? TagId, string? ConsentTimeFieldId, string? IpFieldId, string? SourceFieldId,
        Dictionary<string, string>? MergeFields, List<string>? MarketingPermissionIds, int? TimeoutSeconds)
    {
        public DestinationChanges ToChanges() => new()
        {
            Name = Name, Type = Type, Url = Url ?? BaseUrl, Secret = Secret ?? ApiKey, ListId = ListId, TagId = TagId,
            ConsentTimeFieldId = ConsentTimeFieldId, IpFieldId = IpFieldId, SourceFieldId = SourceFieldId,
            MergeFields = MergeFields, MarketingPermissionIds = MarketingPermissionIds, TimeoutSeconds = TimeoutSeconds,
        };
    }

    public static RouteGroupBuilder MapDestinations(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/destinations").RequireAuthorization(Policies.ApiAdmin);
        group.MapGet("", ListAsync).WithName("ListDestinations");
        group.MapGet("/{id:int}", GetAsync).WithName("GetDestination");
        group.MapPost("", CreateAsync).WithName("CreateDestination")
            .WithSummary("Adds a destination; its secret or API key is stored encrypted and never returned. Confirmations not yet handed anywhere go to the first destination; later ones get no back-fill.");
        group.MapPut("/{id:int}", UpdateAsync).WithName("UpdateDestination").WithSummary("Replaces a destination's settings; omit the secret to keep the stored one.");
        group.MapDelete("/{id:int}", DeleteAsync).WithName("DeleteDestination").WithSummary("Deletes a destination with its deliveries.");
        group.MapGet("/{id:int}/deliveries", DeliveriesAsync).WithName("ListDeliveries")
            .WithSummary("Each event's delivery: status (pending, delivering, delivered, failed = dead letter, cancelled), attempts, last error. Filter with ?status=failed.");
        group.MapPost("/{id:int}/deliveries/{eventId:long}/replay", ReplayAsync).WithName("ReplayDelivery")
            .WithSummary("Puts a dead-lettered delivery back in the queue, due now, with a new 72-hour retry window.");
        group.MapPost("/{id:int}/test", TestAsync).WithName("TestDestination")
            .WithSummary("Webhook: sends a signed test event (\"test\": true). ActiveCampaign and Mailchimp: reads the configured list, creating nothing.");
        return api;
    }

    private static async Task<IResult> ListAsync(ReOptInDb db, CancellationToken ct) =>
        Results.Ok((await db.Destinations.AsNoTracking().OrderBy(d => d.Name).ToListAsync(ct)).Select(DestinationView.Of));

    private static async Task<IResult> GetAsync(int id, ReOptInDb db, CancellationToken ct) =>
        await db.Destinations.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct) is { } d ? Results.Ok(DestinationView.Of(d)) : NotFound();

    private static async Task<IResult> CreateAsync(DestinationRequest request, ReOptInDb db, DestinationSecrets secrets, AuditTrail audit, TimeProvider clock, HandOffSignal signal, CancellationToken ct)
    {
        var changes = request.ToChanges();
        var errors = changes.Validate(existing: null);
        if (errors.Count == 0 && await db.Destinations.AnyAsync(d => d.Name == changes.Name!.Trim(), ct))
            errors["name"] = ["Another destination has this name."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        var destination = new Destination(changes.Name!.Trim(), changes.ParsedType!.Value, now);
        changes.ApplyTo(destination, secrets, now);
        db.Destinations.Add(destination);
        audit.Record(AuditActions.DestinationCreated, destination.Name, DestinationChanges.TypeName(destination.Type));
        await db.SaveChangesAsync(ct);
        signal.Notify(); // confirmations waiting for a first destination go now
        return Results.Created($"/api/v1/destinations/{destination.Id}", DestinationView.Of(destination));
    }

    private static async Task<IResult> UpdateAsync(int id, DestinationRequest request, ReOptInDb db, DestinationSecrets secrets, AuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var destination = await db.Destinations.SingleOrDefaultAsync(d => d.Id == id, ct);
        if (destination is null) return NotFound();
        var changes = request.ToChanges() with { Type = request.Type ?? DestinationChanges.TypeName(destination.Type) };
        var errors = changes.Validate(destination);
        if (errors.Count == 0 && await db.Destinations.AnyAsync(d => d.Id != id && d.Name == changes.Name!.Trim(), ct))
            errors["name"] = ["Another destination has this name."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);
        changes.ApplyTo(destination, secrets, clock.GetUtcNow().UtcDateTime);
        audit.Record(AuditActions.DestinationChanged, destination.Name, string.IsNullOrWhiteSpace(changes.Secret) ? null : "secret replaced");
        await db.SaveChangesAsync(ct);
        return Results.Ok(DestinationView.Of(destination));
    }

    private static async Task<IResult> DeleteAsync(int id, ReOptInDb db, AuditTrail audit, CancellationToken ct)
    {
        var destination = await db.Destinations.SingleOrDefaultAsync(d => d.Id == id, ct);
        if (destination is null) return NotFound();
        db.Destinations.Remove(destination);
        audit.Record(AuditActions.DestinationDeleted, destination.Name);
        await db.SaveChangesAsync(ct);
        return Results.NoContent();
    }

    private static async Task<IResult> DeliveriesAsync(int id, string? status, int? skip, int? take, ReOptInDb db, CancellationToken ct)
    {
        if (!await db.Destinations.AnyAsync(d => d.Id == id, ct)) return NotFound();
        DeliveryStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return ApiProblem.Of("unknown-status", "Unknown status", "Use pending, delivering, delivered, failed or cancelled.", StatusCodes.Status400BadRequest);
            wanted = parsed;
        }
        var rows = await db.HandOffDeliveries.AsNoTracking()
            .Where(d => d.DestinationId == id && (wanted == null || d.Status == wanted))
            .OrderByDescending(d => d.EventId).Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? 100, 1, 1000))
            .Select(d => new { d.EventId, d.Event!.RequestId, d.Status, d.Attempts, d.LastError, d.CreatedAt, d.FirstAttemptAt, d.NextAttemptAt, d.DeliveredAt })
            .ToListAsync(ct);
        return Results.Ok(rows.Select(d => new DeliveryView(d.EventId, d.RequestId, DeliveryView.StatusName(d.Status), d.Attempts, d.LastError,
            d.CreatedAt, d.FirstAttemptAt, d.NextAttemptAt, d.DeliveredAt)));
    }

    private static async Task<IResult> ReplayAsync(int id, long eventId, ReOptInDb db, AuditTrail audit, TimeProvider clock, HandOffSignal signal, CancellationToken ct)
    {
        var destination = await db.Destinations.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
        if (destination is null) return NotFound();
        var delivery = await db.HandOffDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.DestinationId == id && d.EventId == eventId, ct);
        if (delivery is null) return ApiProblem.Of("no-such-delivery", "No such delivery", $"Event {eventId} has no delivery to this destination.", StatusCodes.Status404NotFound);
        if (delivery.Status != DeliveryStatus.Failed)
            return ApiProblem.Of("not-dead-lettered", "Only failed deliveries are replayed",
                $"This delivery is {DeliveryView.StatusName(delivery.Status)}; only one in the dead-letter list (failed) can be replayed.", StatusCodes.Status409Conflict);
        if (await DeadLetters.ReplayAsync(db, id, eventId, clock.GetUtcNow().UtcDateTime, ct) == 0)
            return ApiProblem.Of("not-dead-lettered", "Already replayed", "Someone replayed it a moment ago.", StatusCodes.Status409Conflict);
        await audit.RecordNowAsync(AuditActions.DeliveryReplayed, destination.Name, $"event {eventId}", ct: ct);
        signal.Notify();
        return Results.Ok(new { eventId, status = DeliveryView.StatusName(DeliveryStatus.Pending) });
    }

    private static async Task<IResult> TestAsync(int id, ReOptInDb db, DestinationProbe probe, AuditTrail audit, CancellationToken ct)
    {
        var destination = await db.Destinations.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
        if (destination is null) return NotFound();
        var result = await probe.TestAsync(destination, ct);
        await audit.RecordNowAsync(AuditActions.DestinationTested, destination.Name, result.Ok ? "ok" : result.Message, ct: ct);
        return Results.Ok(new { ok = result.Ok, message = result.Ok ? "The destination answered as expected." : result.Message });
    }

    private static IResult NotFound() => ApiProblem.Of("no-such-destination", "No such destination", "Check the id with GET /api/v1/destinations.", StatusCodes.Status404NotFound);
}
