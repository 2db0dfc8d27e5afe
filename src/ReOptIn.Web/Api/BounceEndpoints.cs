using ReOptIn.Core.Auditing;
using ReOptIn.Core.Bounces;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.Web.Auditing;
using ReOptIn.Web.Accounts;

namespace ReOptIn.Web.Api;

/// <summary>Bounces: what ReOptIn makes of a returned message, without acting on it.</summary>
public static class BounceEndpoints
{
    /// <summary>A raw message above this is refused (413): bounces carry at most the returned message.</summary>
    public const long MaxMessageBytes = 10 * 1024 * 1024;

    /// <summary><paramref name="AlreadyProcessed"/>: the same message (by its Message-ID) was processed before; this is that report and nothing was done again.</summary>
    public sealed record ProcessResponse(long Id, string Class, string Reason, long? RequestId, int? CampaignId, string? MatchedBy, string Action, bool AlreadyProcessed);

    public sealed record ClassifyResponse(string Class, string Reason, string? Recipient, string? Status, string? DiagnosticCode, string? OriginalMessageId, string? VerpId);

    public static RouteGroupBuilder MapBounces(this RouteGroupBuilder api)
    {
        api.MapPost("/bounces/classify", ClassifyAsync).WithName("ClassifyBounce")
            .WithSummary("Classifies a raw message (the body, `message/rfc822`, any content type, at most 10 MB): hard, soft, complaint, none or unknown. Acts on nothing.")
            .RequireAuthorization(Policies.ApiAdmin)
            .DisableAntiforgery(); // authenticated by X-Api-Key, never by a cookie
        api.MapPost("/bounces", ProcessAsync).WithName("ProcessBounce")
            .WithSummary("Classifies a raw returned message, matches it to its request (VERP address, original Message-ID, recipient) and acts: hard → bounced and suppressed, complaint → complained and suppressed, soft → counted, unmatched or uncertain → review. A message sent again (same Message-ID) is not acted on twice: the first report comes back with `alreadyProcessed: true`. Optional query `envelopeTo`: the address it was delivered to.")
            .RequireAuthorization(Policies.ApiAdmin)
            .DisableAntiforgery();
        // No Accepts(...) metadata on purpose: it makes routing answer other content types itself (415, before authorization).
        return api;
    }

    private static async Task<IResult> ClassifyAsync(HttpRequest request, CancellationToken ct)
    {
        if (await ReadBodyAsync(request, ct) is not { } raw) return TooLarge();
        using var buffer = new MemoryStream(raw, writable: false);
        var v = BounceClassifier.Classify(buffer);
        return Results.Ok(new ClassifyResponse(v.Class.ToString().ToLowerInvariant(), v.Reason, v.Recipient, v.Status, v.DiagnosticCode, v.OriginalMessageId, v.VerpId));
    }

    private static async Task<IResult> ProcessAsync(HttpRequest request, string? envelopeTo, ReOptInDb db, AddressHasher hasher, AuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        if (await ReadBodyAsync(request, ct) is not { } raw) return TooLarge();
        var (report, again) = await BounceProcessor.ProcessAsync(db, hasher, raw, "api", envelopeTo, clock.GetUtcNow().UtcDateTime, ct);
        if (!again && report.Action is BounceAction.Bounced or BounceAction.Complained)
            await audit.RecordNowAsync(AuditActions.BounceActedOn, $"request {report.RequestId}", $"{report.Class} ({report.Reason}): {report.Action}", ct: ct);
        return Results.Ok(new ProcessResponse(report.Id, report.Class.ToString().ToLowerInvariant(), report.Reason, report.RequestId, report.CampaignId,
            report.MatchedBy, report.Action.ToString(), again));
    }

    /// <summary>The body, read with a limit of our own (it may be chunked, without a length); null when too large.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxMessageBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxMessageBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static IResult TooLarge() =>
        ApiProblem.Of("message-too-large", "Message too large", "Send at most 10 MB: the bounce with the returned message, or only its headers.", StatusCodes.Status413PayloadTooLarge);
}
