using ReOptIn.Core.Composing.Linting;

namespace ReOptIn.UnitTests.Composing.Linting;

public sealed class IncentiveRulesTests
{
    private const string EnglishMention = "After you confirm, we will send you {{ incentive.description }}.";
    private const string FrenchMention = "Après votre confirmation, nous vous enverrons {{ incentive.description }}.";

    private static string Mention(string language) => language == "fr" ? FrenchMention : EnglishMention;

    [Theory]
    [InlineData("en", "Your {{ incentive.description }} is waiting", "{{ incentive.description }}")]
    [InlineData("en", "A gift for you: still interested?", "gift")]
    [InlineData("en", "Your coupon code inside", "coupon")]
    [InlineData("fr", "Votre {{incentive.description}} vous attend", "{{incentive.description}}")]
    [InlineData("fr", "Un cadeau pour vous", "cadeau")]
    [InlineData("fr", "Votre bon d’achat vous attend", "bon d’achat")]
    [InlineData("fr", "Votre RÉDUCTION vous attend", "RÉDUCTION")]
    public void The_incentive_in_the_subject_is_a_warning(string language, string subject, string excerpt)
    {
        var finding = Assert.Single(Lint.Rule(LintRules.IncentiveDominates, Lint.WithSubject(language, subject)));

        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Equal(excerpt, finding.Excerpt);
        Assert.StartsWith("The subject puts the incentive forward", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "10% off your next order", "About your next order", "next order")]
    [InlineData("en", "10% off your next order", "10% for you", "10%")]
    [InlineData("fr", "un tote bag en coton bio", "Un tote bag pour vous", "tote")]
    [InlineData("fr", "20 % sur votre prochaine commande", "Votre prochaine commande", "prochaine commande")]
    public void The_words_of_the_incentive_description_in_the_subject_are_a_warning(string language, string description, string subject, string excerpt)
    {
        var context = new LintContext { IncentiveDescription = description };
        var finding = Assert.Single(Lint.Rule(LintRules.IncentiveDominates, Lint.WithSubject(language, subject), context));
        Assert.Equal(excerpt, finding.Excerpt);
    }

    [Theory]
    [InlineData("en", "10% off your next order", "Do you still want to hear from us?")]
    [InlineData("en", "10% off your next order", "Your order of words: still interested?")]
    [InlineData("fr", "un tote bag en coton bio", "Toujours partant ?")]
    [InlineData("fr", "20 % sur votre prochaine commande", "Souhaitez-vous encore nous lire ?")]
    public void A_subject_without_the_incentive_passes(string language, string description, string subject) =>
        Assert.Empty(Lint.Rule(LintRules.IncentiveDominates, Lint.WithSubject(language, subject), new LintContext { IncentiveDescription = description }));

    [Theory]
    [InlineData("en", "# Get {{ incentive.description }}")]
    [InlineData("en", "## Your gift")]
    [InlineData("en", "Your discount\n=============")]
    [InlineData("en", "**{{ incentive.description }}** when you confirm")]
    [InlineData("fr", "## Votre cadeau")]
    [InlineData("fr", "# {{ incentive.description }} offert")]
    [InlineData("fr", "<strong>{{ incentive.description }}</strong> après confirmation")]
    public void A_heading_or_bold_incentive_is_a_warning(string language, string paragraph)
    {
        var finding = Assert.Single(Lint.Rule(LintRules.IncentiveDominates, Lint.Adding(language, paragraph)));
        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.NotNull(finding.Excerpt);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public void Mentioning_the_incentive_three_times_is_a_warning_and_twice_is_not(string language)
    {
        var twice = Lint.Adding(language, Mention(language) + "\n\n" + Mention(language));
        var thrice = Lint.Adding(language, Mention(language) + "\n\n" + Mention(language) + "\n\n" + Mention(language));

        Assert.Empty(Lint.Rule(LintRules.IncentiveDominates, twice));
        var finding = Assert.Single(Lint.Rule(LintRules.IncentiveDominates, thrice));
        Assert.Contains("3 times", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "# A question for you")]
    [InlineData("fr", "## Une question pour vous")]
    public void A_single_plain_mention_and_an_ordinary_heading_pass_with_no_finding_at_all(string language, string heading)
    {
        var content = Lint.Adding(language, heading + "\n\n" + Mention(language));
        Assert.Empty(Lint.All(content, new LintContext { IncentiveDescription = "10% off your next order" }));
    }
}
