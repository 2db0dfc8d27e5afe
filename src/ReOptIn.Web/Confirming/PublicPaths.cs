using System.Text.RegularExpressions;

namespace ReOptIn.Web.Confirming;

/// <summary>The contact's pages: /c (confirm), /d (decline), /u (one-click unsubscribe), each followed by the link token.</summary>
public static partial class PublicPaths
{
    public static bool IsContactPage(PathString path) =>
        path.StartsWithSegments("/c") || path.StartsWithSegments("/d") || path.StartsWithSegments("/u");

    public static bool IsContactPage(string path) => path.StartsWith('/') && IsContactPage(new PathString(path.Split('?')[0]));

    /// <summary>The path with the token replaced, for logs: a token in a log file is a working link.</summary>
    public static string Redact(string path) => TokenSegment().Replace(path, "/$1/{token}");

    [GeneratedRegex(@"^/([cdu])/[^/?]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TokenSegment();
}
