using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using ReOptIn.Core.Confirming;

namespace ReOptIn.Web.Confirming;

public static class PublicPagesSetup
{
    /// <summary>The rate-limiting policy of /c, /d and /u.</summary>
    public const string RateLimitPolicy = "public-pages";

    public static void AddReOptInPublicPages(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ConfirmingOptions.Section).Get<ConfirmingOptions>() ?? new ConfirmingOptions();
        if (options.PermitPerMinute < 1)
            throw new InvalidOperationException($"{ConfirmingOptions.Section}:PermitPerMinute must be at least 1; it is {options.PermitPerMinute}.");
        builder.Services.AddSingleton(options);
        builder.Services.AddScoped<ConfirmationService>();
        // The landing page's link lookup (ADR-0020): SQLite connections kept open with the statement prepared.
        builder.Services.AddSingleton<LinkReader>();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // One fixed one-minute window per client IP: enough for a person, a wall for a token-guessing script.
            o.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PermitPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (rejected, ct) =>
            {
                var response = rejected.HttpContext.Response;
                response.Headers.RetryAfter = "60";
                response.ContentType = "text/html; charset=utf-8";
                await response.WriteAsync(TooManyRequestsPage, ct);
            };
        });
    }

    private const string TooManyRequestsPage = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Too many requests</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a">
        <h1>Too many requests</h1><p>Please wait a minute and try again.</p>
        <h2 lang="fr">Trop de requêtes</h2><p lang="fr">Patientez une minute, puis réessayez.</p>
        </body></html>
        """;
}
