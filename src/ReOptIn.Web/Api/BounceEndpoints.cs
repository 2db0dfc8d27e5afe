using ReOptIn.Core.Bounces;
using ReOptIn.Web.Accounts;

namespace ReOptIn.Web.Api;

/// <summary>Bounces: what ReOptIn makes of a returned message, without acting on it.</summary>
public static class BounceEndpoints
{
    /// <summary>A raw message above this is refused (413): bounces carry at most the returned message.</summary>
    public const long MaxMessageBytes = 10 * 1024 * 1024;

    public sealed record ClassifyResponse(string Class, string Reason, string? Recipient, string? Status, string? DiagnosticCode, string? OriginalMessageId, string? VerpId);

    public static RouteGroupBuilder MapBounces(this RouteGroupBuilder api)
    {
        api.MapPost("/bounces/classify", ClassifyAsync).WithName("ClassifyBounce")
            .WithSummary("Classifies a raw message (the body, `message/rfc822`, any content type, at most 10 MB): hard, soft, complaint, none or unknown. Acts on nothing.")
            .RequireAuthorization(Policies.ApiAdmin)
            .DisableAntiforgery(); // authenticated by X-Api-Key, never by a cookie
        // No Accepts(...) metadata on purpose: it makes routing answer other content types itself (415, before authorization).
        return api;
    }

    private static async Task<IResult> ClassifyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxMessageBytes) return TooLarge();
        // Read with a limit of our own: the body may be chunked, without a length.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxMessageBytes) return TooLarge();
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        var v = BounceClassifier.Classify(buffer);
        return Results.Ok(new ClassifyResponse(v.Class.ToString().ToLowerInvariant(), v.Reason, v.Recipient, v.Status, v.DiagnosticCode, v.OriginalMessageId, v.VerpId));
    }

    private static IResult TooLarge() =>
        ApiProblem.Of("message-too-large", "Message too large", "Send at most 10 MB: the bounce with the returned message, or only its headers.", StatusCodes.Status413PayloadTooLarge);
}
