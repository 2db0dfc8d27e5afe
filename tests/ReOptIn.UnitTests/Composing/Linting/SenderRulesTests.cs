using ReOptIn.Core.Composing.Linting;

namespace ReOptIn.UnitTests.Composing.Linting;

public sealed class SenderRulesTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public void A_body_without_the_postal_address_fails(string language)
    {
        var content = Lint.Replacing(language, "{{ sender.name }}, {{ sender.postal_address }}", "{{ sender.name }}");
        var finding = Assert.Single(Lint.Rule(LintRules.SenderIdentity, content));

        Assert.Equal(LintSeverity.Error, finding.Severity);
        Assert.Contains("{{ sender.postal_address }}", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public void A_body_without_the_sender_name_fails(string language)
    {
        var content = Lint.WithBody(language, Lint.Default(language).BodyMarkdown.Replace("{{ sender.name }}", "The team", StringComparison.Ordinal));
        var finding = Assert.Single(Lint.Rule(LintRules.SenderIdentity, content));
        Assert.Contains("{{ sender.name }}", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "")]
    [InlineData("fr", "Merci,\nL'équipe")]
    public void A_body_without_either_fails_twice(string language, string body) =>
        Assert.Equal(2, Lint.Rule(LintRules.SenderIdentity, Lint.WithBody(language, body)).Count);

    [Theory]
    [InlineData("en", null, "1 Main Street, Springfield", "no name")]
    [InlineData("en", "  ", "1 Main Street, Springfield", "no name")]
    [InlineData("fr", "Librairie du Port", null, "no postal address")]
    [InlineData("fr", "Librairie du Port", "", "no postal address")]
    public void A_chosen_sender_profile_must_have_a_name_and_a_postal_address(string language, string? name, string? address, string missing)
    {
        var context = new LintContext { SenderKnown = true, SenderName = name, SenderPostalAddress = address };
        var finding = Assert.Single(Lint.Rule(LintRules.SenderIdentity, Lint.Default(language), context));

        Assert.Contains(missing, finding.Message, StringComparison.Ordinal);
        Assert.Contains("sender profile", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public void An_unknown_sender_is_not_checked_and_a_complete_one_passes(string language)
    {
        Assert.Empty(Lint.Rule(LintRules.SenderIdentity, Lint.Default(language), new LintContext { SenderKnown = false }));
        var complete = new LintContext { SenderKnown = true, SenderName = "Librairie du Port", SenderPostalAddress = "12 quai des Indes, Lorient" };
        Assert.Empty(Lint.Rule(LintRules.SenderIdentity, Lint.Default(language), complete));
    }
}
