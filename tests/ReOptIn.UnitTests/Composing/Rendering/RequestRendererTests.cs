using ReOptIn.Core.Composing;
using ReOptIn.Core.Composing.Rendering;

namespace ReOptIn.UnitTests.Composing.Rendering;

public sealed class RequestRendererTests
{
    private readonly RequestRenderer _renderer = new();

    [Fact]
    public void Every_placeholder_is_substituted_in_the_html_and_the_text()
    {
        var result = _renderer.Render(Samples.Content(Samples.EveryPlaceholder), Samples.Values);

        foreach (var expected in (string[])["Jane", "Doe", "you bought a kettle in 2021", "our monthly newsletter",
                     "a 10% voucher", "Acme Kettles", "1 Main Street, Springfield"])
        {
            Assert.Contains(expected, result.Html, StringComparison.Ordinal);
            Assert.Contains(expected, result.Text, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("{{", result.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", result.Text, StringComparison.Ordinal);
        Assert.Equal("News for Jane", result.Subject);
    }

    [Fact]
    public void Every_known_placeholder_renders()
    {
        foreach (var name in Placeholders.Known)
            _renderer.Render(Samples.Content($"x {{{{ {name} }}}}", $"{{{{ {name} }}}}"), Samples.Values);
    }

    [Fact]
    public void The_confirm_and_decline_urls_appear_in_full_in_both_parts()
    {
        var result = _renderer.Render(Samples.Content(Samples.EveryPlaceholder), Samples.Values);

        Assert.Contains("href=\"https://reoptin.example/r/confirm_AbC-123?c=7&amp;t=x\"", result.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://reoptin.example/r/decline_AbC-123?c=7&amp;t=y\"", result.Html, StringComparison.Ordinal);
        Assert.Contains($"Yes, keep me ({Samples.ConfirmUrl})", result.Text, StringComparison.Ordinal);
        Assert.Contains($"No thanks: {Samples.DeclineUrl}", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ contact.email }}", "contact.email")]
    [InlineData("{{ contact.first_name | default: contact.nickname }}", "contact.nickname")]
    [InlineData("{{ firstname }}", "firstname")]
    public void An_unknown_placeholder_is_refused_by_name(string body, string name)
    {
        var problem = Assert.Throws<TemplateProblemException>(() => _renderer.Render(Samples.Content(body), Samples.Values));
        Assert.Contains(name, problem.Message, StringComparison.Ordinal);
        Assert.Contains("body", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_placeholder_in_the_subject_is_refused_too()
    {
        var problem = Assert.Throws<TemplateProblemException>(() =>
            _renderer.Render(Samples.Content("Hi", subject: "Hi {{ contact.city }}"), Samples.Values));
        Assert.Contains("subject", problem.Message, StringComparison.Ordinal);
        Assert.Contains("contact.city", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{% if contact.first_name %}Hi{% endif %}")]
    [InlineData("{% assign x = 1 %}")]
    [InlineData("{% raw %}{{ x }}{% endraw %}")]
    [InlineData("{%- comment -%}note{%- endcomment -%}")]
    public void A_liquid_tag_is_refused(string body)
    {
        var problem = Assert.Throws<TemplateProblemException>(() => _renderer.Render(Samples.Content(body), Samples.Values));
        Assert.Contains("tag", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hi {{ contact.first_name ")]
    [InlineData("Hi {{ }}")]
    [InlineData("Hi {{ contact.first_name | }}")]
    public void A_syntax_error_is_refused_in_plain_words(string body)
    {
        var problem = Assert.Throws<TemplateProblemException>(() => _renderer.Render(Samples.Content(body), Samples.Values));
        Assert.Contains("syntax error", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Source:", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_filter_and_an_expression_are_refused()
    {
        Assert.Contains("shout", Assert.Throws<TemplateProblemException>(() =>
            _renderer.Render(Samples.Content("{{ purpose | shout }}"), Samples.Values)).Message, StringComparison.Ordinal);
        Assert.Throws<TemplateProblemException>(() =>
            _renderer.Render(Samples.Content("{{ purpose == 'x' }}"), Samples.Values));
    }

    [Fact]
    public void Standard_filters_work_and_a_missing_first_name_is_empty()
    {
        var nameless = Samples.Values with { ContactFirstName = null };
        var content = Samples.Content("Dear {{ contact.first_name | default: \"friend\" }}, {{ purpose | upcase }}.",
            subject: "Hi{{ contact.first_name }}!");

        var result = _renderer.Render(content, nameless);

        Assert.Equal("Dear friend, OUR MONTHLY NEWSLETTER.", result.Text);
        Assert.Equal("Hi!", result.Subject);
    }

    [Fact]
    public void Line_breaks_in_a_first_name_never_reach_the_subject()
    {
        var hostile = Samples.Values with { ContactFirstName = "Jane\r\nBcc: victim@example.com\n\tX" };

        var result = _renderer.Render(Samples.Content("Hi", subject: "Hello {{ contact.first_name }}\r\nfrom us"), hostile);

        Assert.Equal("Hello Jane Bcc: victim@example.com X from us", result.Subject);
        Assert.DoesNotContain(result.Subject, c => char.IsControl(c));
    }

    [Fact]
    public void A_long_subject_is_cut_at_998_characters()
    {
        var result = _renderer.Render(Samples.Content("Hi", subject: new string('a', 1200)), Samples.Values);
        Assert.Equal(RequestRenderer.MaxSubjectLength, result.Subject.Length);
    }

    [Fact]
    public void Accented_french_text_round_trips()
    {
        var values = Samples.Values with { ContactFirstName = "François", SenderName = "Société Générale des Crêpes" };
        var content = Samples.Content("« Bonjour {{ contact.first_name }} », reçu de {{ sender.name }}. Déjà ?",
            subject: "Ça vous intéresse, {{ contact.first_name }} ?", language: "fr");

        var result = _renderer.Render(content, values);

        Assert.Equal("Ça vous intéresse, François ?", result.Subject);
        Assert.Contains("« Bonjour François », reçu de Société Générale des Crêpes. Déjà ?", result.Html, StringComparison.Ordinal);
        Assert.Equal("« Bonjour François », reçu de Société Générale des Crêpes. Déjà ?", result.Text);
        Assert.Contains("<html lang=\"fr\">", result.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "en")]
    [InlineData("FR", "fr")]
    [InlineData("de", "en")]
    [InlineData("", "en")]
    public void The_language_sets_html_lang(string language, string expected)
    {
        var result = _renderer.Render(Samples.Content("Hi", language: language), Samples.Values);
        Assert.Contains($"<html lang=\"{expected}\">", result.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_is_a_complete_simple_email_document()
    {
        var result = _renderer.Render(Samples.Content("Hi [there](https://example.com)"), Samples.Values);

        Assert.StartsWith("<!DOCTYPE html>", result.Html, StringComparison.Ordinal);
        Assert.Contains("<meta charset=\"utf-8\">", result.Html, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\"", result.Html, StringComparison.Ordinal);
        Assert.Contains("max-width:600px;margin:0 auto", result.Html, StringComparison.Ordinal);
        Assert.Contains("<title>News for Jane</title>", result.Html, StringComparison.Ordinal);
        Assert.Matches("<a href=\"https://example.com\" style=\"[^\"]*underline", result.Html);
    }

    [Fact]
    public void A_url_value_that_is_not_http_is_refused()
    {
        Assert.Throws<ArgumentException>(() => _renderer.Render(Samples.Content("{{ confirm_url }}"),
            Samples.Values with { ConfirmUrl = "javascript:alert(1)" }));
        Assert.Throws<ArgumentException>(() => _renderer.Render(Samples.Content("{{ confirm_url }}"),
            Samples.Values with { DeclineUrl = "https://x.example/a)b" }));
    }
}
