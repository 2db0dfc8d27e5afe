using System.Buffers;

namespace ReOptIn.Core.Confirming;

/// <summary>
/// Flags visits that look like a machine: link scanners in mail gateways (Microsoft Safe Links,
/// Proofpoint, Mimecast, Barracuda), previewers, headless browsers and HTTP libraries, HEAD
/// requests, and visits within seconds of delivery (scanners check links as the message arrives).
/// A flag is evidence for the receipt; it never decides consent, which only the form's POST gives.
/// </summary>
public static class ScannerDetector
{
    public const string HeadRequest = "head-request";
    public const string NoUserAgent = "no-user-agent";
    public const string ScannerUserAgent = "scanner-user-agent";
    public const string SecondsAfterDelivery = "seconds-after-delivery";

    // Matched case-insensitively anywhere in the User-Agent. Narrow tokens only: a generic "bot"
    // would also match phone models.
    private static readonly SearchValues<string> ScannerTokens = SearchValues.Create(
    [
        "BingPreview", "Safe Links", "SafeLinks", "Microsoft Office Existence Discovery", "ms-office",
        "Proofpoint", "urldefense", "Mimecast", "Barracuda", "Symantec", "Trend Micro", "FireEye", "Forcepoint",
        "HeadlessChrome", "PhantomJS", "Puppeteer", "Playwright-Scanner", "Selenium",
        "curl/", "Wget/", "python-requests", "python-urllib", "aiohttp", "Go-http-client", "okhttp", "Java/",
        "libwww-perl", "Apache-HttpClient", "node-fetch", "axios/", "Scrapy",
        "Googlebot", "bingbot", "Slackbot", "facebookexternalhit", "Twitterbot", "LinkedInBot", "WhatsApp",
        "TelegramBot", "Discordbot", "SkypeUriPreview", "YahooMailProxy", "GoogleImageProxy",
    ], StringComparison.OrdinalIgnoreCase);

    /// <summary>The reason a visit looks automated, or null when it looks like a person.</summary>
    public static string? Classify(string method, string? userAgent, DateTime at, DateTime? sentAt, TimeSpan deliveryWindow)
    {
        if (string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase)) return HeadRequest;
        if (string.IsNullOrWhiteSpace(userAgent)) return NoUserAgent;
        if (IsScannerUserAgent(userAgent)) return ScannerUserAgent;
        if (sentAt is { } sent && at >= sent && at - sent < deliveryWindow) return SecondsAfterDelivery;
        return null;
    }

    public static bool IsScannerUserAgent(string userAgent) =>
        userAgent.AsSpan().ContainsAny(ScannerTokens);
}
