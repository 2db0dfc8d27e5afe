namespace ReOptIn.Core.Composing.Linting;

/// <summary>The request prepared once for every rule.</summary>
internal sealed class LintInput
{
    public LintInput(RequestContent content, LintContext context)
    {
        Context = context;
        French = (content.Language ?? "").StartsWith("fr", StringComparison.OrdinalIgnoreCase);
        SubjectTemplate = TemplateScan.Of(content.Subject ?? "");
        BodyTemplate = TemplateScan.Of(content.BodyMarkdown ?? "");
        Subject = FoldedText.Of(SubjectTemplate.Masked());
        Body = FoldedText.Of(BodyTemplate.Text);
    }

    public LintContext Context { get; }

    /// <summary>Whether the request is in French: examples in messages are then given in French.</summary>
    public bool French { get; }

    public TemplateScan SubjectTemplate { get; }

    public TemplateScan BodyTemplate { get; }

    /// <summary>The subject with its placeholders blanked out, folded.</summary>
    public FoldedText Subject { get; }

    /// <summary>The body, placeholders included, folded.</summary>
    public FoldedText Body { get; }

    /// <summary>An example in the request's language.</summary>
    public string Example(string english, string french) => French ? french : english;
}
