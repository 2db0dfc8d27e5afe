using ReOptIn.Core.Compliance;
using ReOptIn.Core.Confirming;

namespace ReOptIn.Web.Confirming;

/// <summary>
/// <c>/u/{token}</c>, the <c>List-Unsubscribe</c> address of every request (RFC 8058). Mail
/// providers POST <c>List-Unsubscribe=One-Click</c> with no cookie and no antiforgery token: the
/// token in the URL is the authentication. A GET (a person opening the address) unsubscribes
/// nothing and leads to the "remove me" page.
/// </summary>
public static class UnsubscribeEndpoints
{
    public static IEndpointRouteBuilder MapOneClickUnsubscribe(this IEndpointRouteBuilder app)
    {
        Public(app.MapGet(Route, (string token) => Results.Redirect("/d/" + Uri.EscapeDataString(token))));
        Public(app.MapPost(Route, OneClickAsync)).DisableAntiforgery();
        return app;
    }

    private const string Route = "/u/{token}";

    private static RouteHandlerBuilder Public(RouteHandlerBuilder endpoint) =>
        endpoint.AllowAnonymous().RequireRateLimiting(PublicPagesSetup.RateLimitPolicy).ExcludeFromDescription();

    private static async Task<IResult> OneClickAsync(string token, HttpContext context, ConfirmationService confirming, CancellationToken ct)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(ct) : null;
        if (!string.Equals(form?["List-Unsubscribe"].ToString(), "One-Click", StringComparison.Ordinal))
            return Results.Text("Send List-Unsubscribe=One-Click as a form body (RFC 8058).", "text/plain", statusCode: StatusCodes.Status400BadRequest);

        var link = await confirming.FindAsync(token, ct);
        if (link.Status == LinkStatus.Unknown)
            return Results.Text("Unknown link.", "text/plain", statusCode: StatusCodes.Status404NotFound);
        await confirming.DeclineAsync(link.Request!, SuppressionReason.Unsubscribed, ct);
        return Results.Text(PublicText.For(null, link.Campaign?.Language, null).Unsubscribed, "text/plain");
    }
}
