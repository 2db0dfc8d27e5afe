using ReOptIn.Web.Confirming;
using Serilog.Events;

namespace ReOptIn.Web.Logging;

/// <summary>
/// One line per request: errors as errors, health probes out of sight, the rest as information;
/// the link token of the contact's pages is never written.
/// </summary>
public static class RequestLogLevel
{
    public static LogEventLevel For(HttpContext context, double elapsedMs, Exception? error) =>
        error is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
        : context.Request.Path.StartsWithSegments("/health") ? LogEventLevel.Debug
        : LogEventLevel.Information;

    public static IEnumerable<LogEventProperty> Properties(HttpContext context, string path, double elapsedMs, int statusCode) =>
    [
        new("RequestMethod", new ScalarValue(context.Request.Method)),
        new("RequestPath", new ScalarValue(PublicPaths.Redact(path))),
        new("StatusCode", new ScalarValue(statusCode)),
        new("Elapsed", new ScalarValue(elapsedMs)),
    ];
}
