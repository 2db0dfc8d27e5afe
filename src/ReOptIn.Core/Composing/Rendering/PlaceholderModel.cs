using System.Buffers;
using Fluid;

namespace ReOptIn.Core.Composing.Rendering;

/// <summary>Exposes one contact's values to Liquid under the names in <see cref="Placeholders"/>.</summary>
internal static class PlaceholderModel
{
    // Characters that could end or change a Markdown link or autolink, or an HTML attribute.
    private static readonly SearchValues<char> NotInUrl = SearchValues.Create("<>\"'`()[]\\*{}|^");

    public static TemplateContext Create(RequestValues values)
    {
        // Imported values are flattened to one line; the postal address keeps its lines as ", ".
        var byName = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Placeholders.ContactFirstName] = OneLine.Clean(values.ContactFirstName),
            [Placeholders.ContactLastName] = OneLine.Clean(values.ContactLastName),
            [Placeholders.ContactSource] = OneLine.Clean(values.ContactSource),
            [Placeholders.Purpose] = OneLine.Clean(values.Purpose),
            [Placeholders.ConfirmUrl] = WebUrl(values.ConfirmUrl, Placeholders.ConfirmUrl),
            [Placeholders.DeclineUrl] = WebUrl(values.DeclineUrl, Placeholders.DeclineUrl),
            [Placeholders.SenderName] = OneLine.Clean(values.SenderName),
            [Placeholders.SenderPostalAddress] = OneLine.JoinLines(values.SenderPostalAddress),
            [Placeholders.IncentiveDescription] = OneLine.Clean(values.IncentiveDescription),
        };

        var context = new TemplateContext(TemplateCompiler.Options);
        var objects = new Dictionary<string, Dictionary<string, object>>(StringComparer.Ordinal);
        foreach (var (name, value) in byName)
        {
            // "contact.first_name" is the member "first_name" of an object "contact".
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
                context.SetValue(name, value);
            else if (objects.TryGetValue(name[..dot], out var members))
                members[name[(dot + 1)..]] = value;
            else
                objects[name[..dot]] = new(StringComparer.Ordinal) { [name[(dot + 1)..]] = value };
        }
        foreach (var (name, members) in objects)
            context.SetValue(name, members);
        return context;
    }

    /// <summary>
    /// URLs go into the Markdown unescaped, so they must be plain absolute http(s) URLs with no
    /// character that Markdown or HTML would read. Empty is allowed (a preview before sending).
    /// </summary>
    private static string WebUrl(string? url, string name)
    {
        if (string.IsNullOrEmpty(url))
            return "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || url.Any(c => c <= ' ' || c >= '\u007F' || NotInUrl.Contains(c)))
            throw new ArgumentException($"The value of {name} must be an absolute http(s) URL without spaces or markup characters.", nameof(url));
        return url;
    }
}
