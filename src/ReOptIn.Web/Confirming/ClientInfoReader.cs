using ReOptIn.Core.Confirming;

namespace ReOptIn.Web.Confirming;

public static class ClientInfoReader
{
    private const int MaxUserAgent = 500;

    /// <summary>The client's IP (after the forwarded-headers middleware, when enabled) and its User-Agent, cut to what is stored.</summary>
    public static ClientInfo Read(HttpContext context)
    {
        var agent = context.Request.Headers.UserAgent.ToString();
        return new ClientInfo(
            context.Connection.RemoteIpAddress?.ToString(),
            string.IsNullOrWhiteSpace(agent) ? null : agent.Length > MaxUserAgent ? agent[..MaxUserAgent] : agent);
    }
}
