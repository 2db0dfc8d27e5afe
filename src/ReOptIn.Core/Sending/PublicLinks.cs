namespace ReOptIn.Core.Sending;

/// <summary>
/// The links a request carries. The token is the only secret; the paths are short because
/// people read them in plain-text mail.
/// </summary>
public sealed record PublicLinks(string ConfirmUrl, string DeclineUrl, string UnsubscribeUrl)
{
    /// <summary>The configuration key of the public base address (e.g. https://optin.example.com).</summary>
    public const string BaseUrlSetting = "Links:PublicBaseUrl";

    public static PublicLinks For(string baseUrl, string token)
    {
        var root = baseUrl.TrimEnd('/');
        var escaped = Uri.EscapeDataString(token);
        return new PublicLinks($"{root}/c/{escaped}", $"{root}/d/{escaped}", $"{root}/u/{escaped}");
    }
}
