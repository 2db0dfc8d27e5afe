using Fluid;
using Markdig;

namespace ReOptIn.Core.Composing.Rendering;

/// <summary>
/// Renders a request for one contact: Liquid placeholders, then Markdown to sanitised HTML and
/// to plain text. Thread-safe; register as a singleton (parsed templates are cached by text).
/// </summary>
public sealed class RequestRenderer
{
    /// <summary>RFC 5322's limit on a header line.</summary>
    public const int MaxSubjectLength = 998;

    // Soft line breaks become <br>: marketers write signatures and addresses line by line.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private readonly TemplateCompiler _templates = new();

    /// <exception cref="TemplateProblemException">The subject or body uses an unknown placeholder or filter, a tag, or bad syntax.</exception>
    /// <exception cref="ArgumentException">A URL value is not an absolute http(s) URL.</exception>
    public RenderedRequest Render(RequestContent content, RequestValues values)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(values);
        var subjectTemplate = _templates.Subject(content.Subject ?? "");
        var bodyTemplate = _templates.Body(content.BodyMarkdown ?? "");
        var context = PlaceholderModel.Create(values);

        var subject = Subject(Run(subjectTemplate, context));
        var document = Markdown.Parse(Run(bodyTemplate, context), Pipeline);
        var language = string.Equals(content.Language, "fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en";
        return new RenderedRequest(
            subject,
            EmailHtml.Document(Markdown.ToHtml(document, Pipeline), subject, language),
            PlainText.From(document));
    }

    private static string Run(IFluidTemplate template, TemplateContext context)
    {
        try
        {
            // Values are escaped (or not) by the compiled template itself, so no encoder here.
            return template.Render(context, NullEncoder.Default);
        }
        catch (Exception e) when (e is FluidException or ArgumentException or InvalidOperationException
                                       or FormatException or OverflowException or DivideByZeroException)
        {
            // A filter given bad arguments, for instance; checked names never get here.
            throw new TemplateProblemException($"A placeholder could not be rendered: {e.Message}", e);
        }
    }

    // A header must never be injectable: one line, at most the header line limit.
    private static string Subject(string rendered)
    {
        var subject = OneLine.Clean(rendered);
        if (subject.Length <= MaxSubjectLength)
            return subject;
        var cut = char.IsHighSurrogate(subject[MaxSubjectLength - 1]) ? MaxSubjectLength - 1 : MaxSubjectLength;
        return subject[..cut].TrimEnd();
    }
}
