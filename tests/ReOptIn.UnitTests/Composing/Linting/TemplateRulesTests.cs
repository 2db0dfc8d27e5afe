using ReOptIn.Core.Composing.Linting;

namespace ReOptIn.UnitTests.Composing.Linting;

public sealed class TemplateRulesTests
{
    [Theory]
    [InlineData("en", "Hello {{ first_name }},", "{{ first_name }}", "{{ contact.first_name }}")]
    [InlineData("en", "Yes: {{ Confirm_URL }}", "{{ Confirm_URL }}", "{{ confirm_url }}")]
    [InlineData("en", "Your code: {{ coupon }}", "{{ coupon }}", null)]
    [InlineData("fr", "Bonjour {{ contact.firstname }},", "{{ contact.firstname }}", "{{ contact.first_name }}")]
    [InlineData("fr", "Adresse : {{ sender.address | upcase }}", "{{ sender.address | upcase }}", "{{ sender.postal_address }}")]
    [InlineData("fr", "Bonjour {{ \"toi\" }},", "{{ \"toi\" }}", null)]
    public void An_unknown_placeholder_in_the_body_fails_and_lists_the_known_ones(string language, string paragraph, string excerpt, string? suggestion)
    {
        var finding = Assert.Single(Lint.Rule(LintRules.UnknownPlaceholder, Lint.Adding(language, paragraph)));

        Assert.Equal(LintSeverity.Error, finding.Severity);
        Assert.Equal(excerpt, finding.Excerpt);
        Assert.Contains("{{ contact.first_name }}, {{ contact.last_name }}, {{ contact.source }}, {{ decline_url }}", finding.Message, StringComparison.Ordinal);
        if (suggestion is null) Assert.DoesNotContain("Did you mean", finding.Message, StringComparison.Ordinal);
        else Assert.Contains($"Did you mean {suggestion}?", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Hello {{ name }}, still interested?")]
    [InlineData("fr", "Bonjour {{ prenom }}, toujours partant ?")]
    public void An_unknown_placeholder_in_the_subject_fails(string language, string subject)
    {
        var finding = Assert.Single(Lint.Rule(LintRules.UnknownPlaceholder, Lint.WithSubject(language, subject)));
        Assert.StartsWith("The subject uses an unknown placeholder", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Hello {{ contact.first_name | upcase }} {{contact.last_name}},")]
    [InlineData("en", "{{- purpose -}}")]
    [InlineData("fr", "Bonjour {{ contact.first_name | default: \"à vous\" }},")]
    [InlineData("fr", "Prix : 5 {accolades} } {")]
    public void Known_placeholders_with_filters_and_single_braces_pass(string language, string paragraph)
    {
        var content = Lint.Adding(language, paragraph);
        Assert.Empty(Lint.Rule(LintRules.UnknownPlaceholder, content));
        Assert.Empty(Lint.Rule(LintRules.TemplateSyntax, content));
    }

    [Theory]
    [InlineData("en", "Yes: {{ confirm_url", "{{ confirm_url", "not closed")]
    [InlineData("en", "Yes: confirm_url }}", "Yes: confirm_url }}", "without a matching")]
    [InlineData("en", "{% if contact.first_name %}Hi{% endif %}", "{% if contact.first_name %}", "Liquid tag")]
    [InlineData("fr", "Oui : {{ confirm_url } et {{ decline_url }}", "{{ confirm_url } et", "not closed")]
    [InlineData("en", "Hello {{ }}", "{{ }}", "empty placeholder")]
    [InlineData("fr", "Bonjour {{-  -}}", "{{- -}}", "empty placeholder")]
    [InlineData("fr", "{% raw %}", "{% raw %}", "Liquid tag")]
    [InlineData("fr", "Bonjour {%", "{%", "Liquid tag")]
    public void Broken_braces_and_tags_fail(string language, string paragraph, string excerpt, string problem)
    {
        var findings = Lint.Rule(LintRules.TemplateSyntax, Lint.Adding(language, paragraph));

        var finding = Assert.Single(findings, f => f.Excerpt == excerpt);
        Assert.Equal(LintSeverity.Error, finding.Severity);
        Assert.Contains(problem, finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Hello {{ contact.first_name | }}")]
    [InlineData("fr", "Bonjour {{ contact.first_name | default: \"à vous }}")]
    public void A_placeholder_Fluid_cannot_parse_fails(string language, string paragraph)
    {
        var finding = Assert.Single(Lint.Rule(LintRules.TemplateSyntax, Lint.Adding(language, paragraph)));
        Assert.StartsWith("The body is not a valid template:", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', finding.Message);
    }

    [Theory]
    [InlineData("en", "Still interested, {{ contact.first_name }")]
    [InlineData("fr", "Toujours partant ? }}")]
    public void A_broken_subject_fails(string language, string subject)
    {
        var finding = Assert.Single(Lint.Rule(LintRules.TemplateSyntax, Lint.WithSubject(language, subject)));
        Assert.StartsWith("The subject has", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Hello {{ }}")]
    [InlineData("fr", "Bonjour {{ }}")]
    public void An_empty_placeholder_is_a_syntax_error_only(string language, string paragraph)
    {
        var content = Lint.Adding(language, paragraph);
        Assert.Single(Lint.Rule(LintRules.TemplateSyntax, content));
        Assert.Empty(Lint.Rule(LintRules.UnknownPlaceholder, content));
    }
}
