using ReOptIn.Core.Composing;
using ReOptIn.Core.Composing.Linting;

namespace ReOptIn.UnitTests.Composing.Linting;

/// <summary>Builds requests from the compliant defaults, changed in one place, and lints them.</summary>
internal static class Lint
{
    public static RequestContent Default(string language) => DefaultRequest.For(language);

    public static RequestContent WithSubject(string language, string subject) => Default(language) with { Subject = subject };

    public static RequestContent WithBody(string language, string body) => Default(language) with { BodyMarkdown = body };

    /// <summary>The default request with one piece of its body replaced (the piece must be there).</summary>
    public static RequestContent Replacing(string language, string piece, string replacement)
    {
        var body = Default(language).BodyMarkdown;
        Assert.Contains(piece, body, StringComparison.Ordinal);
        return WithBody(language, body.Replace(piece, replacement, StringComparison.Ordinal));
    }

    /// <summary>The default request with a paragraph added after the greeting.</summary>
    public static RequestContent Adding(string language, string paragraph)
    {
        var body = Default(language).BodyMarkdown;
        var afterGreeting = body.IndexOf("\n\n", StringComparison.Ordinal);
        return WithBody(language, string.Concat(body.AsSpan(0, afterGreeting), "\n\n", paragraph, body.AsSpan(afterGreeting)));
    }

    public static IReadOnlyList<LintFinding> All(RequestContent content, LintContext? context = null) =>
        RequestLinter.Lint(content, context);

    public static IReadOnlyList<LintFinding> Rule(string rule, RequestContent content, LintContext? context = null) =>
        RequestLinter.Lint(content, context).Where(f => f.Rule == rule).ToList();

    /// <summary>The English and French section labels of the defaults, so tests can cut them out.</summary>
    public static string SourceLine(string language) => language == "fr"
        ? "**Comment nous avons obtenu votre adresse :** {{ contact.source }}"
        : "**How we got your address:** {{ contact.source }}";

    public static string PurposeLine(string language) => language == "fr"
        ? "**Ce que nous vous enverrions :** {{ purpose }}"
        : "**What we would send:** {{ purpose }}";
}
