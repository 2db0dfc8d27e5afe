using System.Text;
using MimeKit;

namespace ReOptIn.Core.Bounces;

/// <summary>Walking a returned message: its own parts, without descending into the message it returns.</summary>
internal static class MessageParts
{
    /// <summary>The leaf parts and the message/* parts of the report, depth first, not inside a returned message.</summary>
    public static IEnumerable<MimeEntity> Walk(MimeEntity? entity)
    {
        if (entity is null) yield break;
        if (entity is Multipart multipart)
        {
            foreach (var child in multipart)
            {
                foreach (var part in Walk(child)) yield return part;
            }
            yield break;
        }
        yield return entity;
    }

    public static bool Is(MimeEntity entity, string mediaType, string subtype) =>
        entity.ContentType.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase)
        && entity.ContentType.MediaSubtype.Equals(subtype, StringComparison.OrdinalIgnoreCase);

    /// <summary>The decoded content of a leaf part as text (charset of the part, else UTF-8 with Latin-1 as a fallback).</summary>
    public static string TextOf(MimeEntity entity)
    {
        if (entity is TextPart text) return text.Text ?? "";
        if (entity is not MimePart part || part.Content is null) return "";
        using var buffer = new MemoryStream();
        part.Content.DecodeTo(buffer);
        var bytes = buffer.ToArray();
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    /// <summary>The human-readable text of the report: its text/plain parts (text/html stripped of tags when there is no plain part).</summary>
    public static string HumanText(MimeMessage message)
    {
        var builder = new StringBuilder();
        string? html = null;
        foreach (var part in Walk(message.Body))
        {
            if (part is TextPart { IsPlain: true } plain) builder.AppendLine(plain.Text);
            else if (part is TextPart { IsHtml: true } h) html ??= h.Text;
        }
        if (builder.Length == 0 && html is not null) builder.Append(Html.ToText(html));
        // A boundary that does not match (anonymised or broken reports) leaves the report in a preamble.
        if (builder.Length == 0)
        {
            foreach (var broken in Multiparts(message.Body).Where(m => m.Count == 0)) builder.AppendLine(broken.Preamble);
        }
        return builder.ToString();
    }

    private static IEnumerable<Multipart> Multiparts(MimeEntity? entity)
    {
        if (entity is not Multipart multipart) yield break;
        yield return multipart;
        foreach (var inner in multipart.SelectMany(Multiparts)) yield return inner;
    }
}
