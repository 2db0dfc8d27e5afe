using Serilog.Events;

namespace ReOptIn.Web.Logging;

/// <summary>One line per request: errors as errors, health probes out of sight, the rest as information.</summary>
public static class RequestLogLevel
{
    public static LogEventLevel For(HttpContext context, double elapsedMs, Exception? error) =>
        error is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
        : context.Request.Path.StartsWithSegments("/health") ? LogEventLevel.Debug
        : LogEventLevel.Information;
}
