using ReOptIn.Core.Composing.Linting;

namespace ReOptIn.UnitTests.Composing.Linting;

public sealed class LinkRulesTests
{
    [Theory]
    [InlineData("en", "[Yes, keep me informed](https://example.com/yes)")]
    [InlineData("en", "[Yes, keep me informed]({{ decline_url }})")]
    [InlineData("en", "[Yes, keep me informed]({{ confirm_link }})")]
    [InlineData("fr", "[Oui, tenez-moi au courant](https://example.com/oui)")]
    [InlineData("fr", "[Oui, tenez-moi au courant]({{ confirm_url")]
    public void A_body_without_the_confirm_placeholder_has_no_confirmation_link(string language, string link)
    {
        var original = language == "fr" ? "[Oui, tenez-moi au courant]({{ confirm_url }})" : "[Yes, keep me informed]({{ confirm_url }})";
        var finding = Assert.Single(Lint.Rule(LintRules.ConfirmLink, Lint.Replacing(language, original, link)));

        Assert.Equal(LintSeverity.Error, finding.Severity);
        Assert.Null(finding.Excerpt);
        Assert.Contains("{{ confirm_url }}", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "[Yes, keep me informed]({{confirm_url}})")]
    [InlineData("en", "Yes? Follow this link: {{ confirm_url }}")]
    [InlineData("en", "[Yes](<{{ confirm_url }}>)")]
    [InlineData("fr", "[Oui]({{- confirm_url -}})")]
    [InlineData("fr", "Oui ? Suivez ce lien : {{ confirm_url | escape }}")]
    public void Any_use_of_the_confirm_placeholder_in_the_body_counts(string language, string link)
    {
        var original = language == "fr" ? "[Oui, tenez-moi au courant]({{ confirm_url }})" : "[Yes, keep me informed]({{ confirm_url }})";
        Assert.Empty(Lint.Rule(LintRules.ConfirmLink, Lint.Replacing(language, original, link)));
    }

    [Theory]
    [InlineData("en", "[Yes, keep me informed]({{ confirm_url }})")]
    [InlineData("fr", "[Oui, tenez-moi au courant]({{ confirm_url }})")]
    public void The_confirm_placeholder_in_the_subject_alone_does_not_count_and_the_example_is_in_the_request_language(string language, string example)
    {
        var content = Lint.Replacing(language, example, "") with { Subject = "{{ confirm_url }}" };
        var finding = Assert.Single(Lint.Rule(LintRules.ConfirmLink, content));
        Assert.Contains(example, finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "[No, remove me]({{ decline_url }})", "[No, remove me](https://example.com/no)")]
    [InlineData("en", "[No, remove me]({{ decline_url }})", "")]
    [InlineData("fr", "[Non, supprimez mon adresse]({{ decline_url }})", "[Non, supprimez mon adresse](mailto:contact@example.com)")]
    [InlineData("fr", "[Non, supprimez mon adresse]({{ decline_url }})", "[Non]({{ declineurl }})")]
    public void A_body_without_the_decline_placeholder_has_no_decline_link(string language, string original, string link)
    {
        var finding = Assert.Single(Lint.Rule(LintRules.DeclineLink, Lint.Replacing(language, original, link)));

        Assert.Equal(LintSeverity.Error, finding.Severity);
        Assert.Null(finding.Excerpt);
        Assert.Contains("{{ decline_url }}", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "[No, remove me]({{ decline_url }})", "[No, remove me]({{decline_url}})")]
    [InlineData("en", "[No, remove me]({{ decline_url }})", "Not interested? {{ decline_url }}")]
    [InlineData("fr", "[Non, supprimez mon adresse]({{ decline_url }})", "[Non, merci]({{ decline_url }})")]
    [InlineData("fr", "[Non, supprimez mon adresse]({{ decline_url }})", "Pas intéressé ? {{decline_url}}")]
    public void Any_use_of_the_decline_placeholder_in_the_body_counts(string language, string original, string link) =>
        Assert.Empty(Lint.Rule(LintRules.DeclineLink, Lint.Replacing(language, original, link)));
}
