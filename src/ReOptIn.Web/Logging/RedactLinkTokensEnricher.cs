using ReOptIn.Web.Confirming;
using Serilog.Core;
using Serilog.Events;

namespace ReOptIn.Web.Logging;

/// <summary>
/// ASP.NET Core puts the request path in the scope of every event logged during a request; on the
/// contact's pages that path holds a working link token, which is replaced here.
/// </summary>
public sealed class RedactLinkTokensEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var name in (string[])["RequestPath", "Path"])
            if (logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: string path } && PublicPaths.IsContactPage(path))
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(PublicPaths.Redact(path))));
    }
}
