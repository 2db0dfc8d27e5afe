using ReOptIn.Core.Composing.Linting;

namespace ReOptIn.UnitTests.Composing.Linting;

public sealed class SubjectRulesTests
{
    [Theory]
    [InlineData("en", "Free gift inside", "Free")]
    [InlineData("en", "A freebie for you", "freebie")]
    [InlineData("en", "50% off your next order", "50% off")]
    [InlineData("en", "Save -30% today", "-30%")]
    [InlineData("en", "Get $10 back", "$10")]
    [InlineData("en", "10$ for you", "10$")]
    [InlineData("en", "A £5 thank-you", "£5")]
    [InlineData("en", "10 EUR for you", "10 EUR")]
    [InlineData("en", "Win a bike", "Win")]
    [InlineData("en", "Winners announced", "Winners")]
    [InlineData("en", "Prizes are waiting", "Prizes")]
    [InlineData("en", "Big discounts for members", "discounts")]
    [InlineData("en", "Summer Sale", "Sale")]
    [InlineData("en", "Our promotion for you", "promotion")]
    [InlineData("en", "A promo for you", "promo")]
    [InlineData("en", "Do you still want our newsletter?!!", "!!")]
    [InlineData("en", "URGENT: do you still want our newsletter?", "URGENT")]
    [InlineData("en", "$$$ inside", "$$$")]
    [InlineData("fr", "Un cadeau GRATUIT pour vous", "GRATUIT")]
    [InlineData("fr", "Un atelier gratuït", "gratuït")]
    [InlineData("fr", "Des livres gratuits", "gratuits")]
    [InlineData("fr", "Gagnez un vélo", "Gagnez")]
    [InlineData("fr", "Un vélo à gagner", "à gagner")]
    [InlineData("fr", "20 % de réduction sur tout", "20 % de réduction")]
    [InlineData("fr", "Une remise de réduction", "de réduction")]
    [InlineData("fr", "-50% sur tout", "-50%")]
    [InlineData("fr", "10 € offerts", "10 €")]
    [InlineData("fr", "€10 offerts", "€10")]
    [InlineData("fr", "Profitez de 15 EUR", "15 EUR")]
    [InlineData("fr", "Les soldes sont là", "soldes")]
    [InlineData("fr", "Promotion spéciale", "Promotion")]
    [InlineData("fr", "Restez avec nous !!!", "!!!")]
    [InlineData("fr", "Restez avec nous ‼", "‼")]
    [InlineData("fr", "MERCI de votre fidélité", "MERCI")]
    [InlineData("fr", "La gratuité des ateliers", "gratuité")]
    public void An_advertising_subject_fails_with_the_trigger_as_excerpt(string language, string subject, string trigger)
    {
        var findings = Lint.Rule(LintRules.PromotionalSubject, Lint.WithSubject(language, subject));

        var finding = Assert.Single(findings, f => f.Excerpt == trigger);
        Assert.Equal(LintSeverity.Error, finding.Severity);
        Assert.Contains($"(\"{trigger}\")", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "🎉 Good news 🎁", "🎉🎁")]
    [InlineData("en", "Still with us? 👍🏽👍🏽", "👍🏽👍🏽")]
    [InlineData("fr", "🎉 Bonne nouvelle 🎁", "🎉🎁")]
    [InlineData("fr", "Toujours partant ? 🇫🇷 ❤️", "🇫🇷❤️")]
    public void More_than_one_emoji_fails(string language, string subject, string emoji)
    {
        var finding = Assert.Single(Lint.Rule(LintRules.PromotionalSubject, Lint.WithSubject(language, subject)));
        Assert.Equal(emoji, finding.Excerpt);
        Assert.Contains("2 emoji", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Do you still want our newsletter?")]
    [InlineData("en", "Freedom of choice: do you still want our letters?")]
    [InlineData("en", "A carefree question")]
    [InlineData("en", "News for Salesforce users: still interested?")]
    [InlineData("en", "Windows tips: still interested?")]
    [InlineData("en", "Our winter letters: still interested?")]
    [InlineData("en", "Wine club: still interested?")]
    [InlineData("en", "Wholesale updates: still interested?")]
    [InlineData("en", "Our sales team would like to ask you")]
    [InlineData("en", "Discountenance nothing: a question")]
    [InlineData("en", "90% of readers said yes: will you?")]
    [InlineData("en", "Can we keep writing to you!")]
    [InlineData("en", "Still interested? 🙂")]
    [InlineData("en", "A question from the USA office")]
    [InlineData("en", "Hi {{ contact.first_name }}, do you still want our newsletter?")]
    [InlineData("en", "Our 2025 programme: still interested?")]
    [InlineData("fr", "Souhaitez-vous toujours recevoir notre lettre d'information ?")]
    [InlineData("fr", "Liberté, égalité : toujours partant ?")]
    [InlineData("fr", "Nos vins d'hiver : toujours intéressé ?")]
    [InlineData("fr", "Bonjour {{ contact.first_name }}, on garde le contact ?")]
    [InlineData("fr", "Encore intéressé ? 🙂")]
    [InlineData("fr", "Un mot de notre équipe des ventes")]
    [InlineData("fr", "Gagner du temps : une question")]
    [InlineData("fr", "Notre programme 2025 : toujours partant ?")]
    public void A_plain_subject_passes(string language, string subject) =>
        Assert.Empty(Lint.Rule(LintRules.PromotionalSubject, Lint.WithSubject(language, subject)));

    [Theory]
    [InlineData("en", "Hi {{ FREE_GIFT }}, still interested?")]
    [InlineData("fr", "Bonjour {{ CONTACT.PRENOM }}, toujours partant ?")]
    public void The_inside_of_a_placeholder_is_not_read_as_words(string language, string subject)
    {
        var content = Lint.WithSubject(language, subject);
        Assert.Empty(Lint.Rule(LintRules.PromotionalSubject, content));
        Assert.Single(Lint.Rule(LintRules.UnknownPlaceholder, content));
    }

    [Theory]
    [InlineData("en", "Do you still want news from IKEA?")]
    [InlineData("fr", "Des nouvelles d'IKEA, ça vous dit ?")]
    public void The_sender_name_may_be_in_capitals(string language, string subject)
    {
        var content = Lint.WithSubject(language, subject);
        Assert.Empty(Lint.Rule(LintRules.PromotionalSubject, content, new LintContext { SenderName = "IKEA France" }));
        Assert.Single(Lint.Rule(LintRules.PromotionalSubject, content));
    }

    [Theory]
    [InlineData("en", "Win $10 now!!", new[] { "Win", "$10", "!!" })]
    [InlineData("en", "Free, free, FREE", new[] { "Free" })]
    [InlineData("en", "FREE gift", new[] { "FREE" })]
    [InlineData("fr", "Gagnez 10 € !! Gagnez", new[] { "Gagnez", "10 €", "!!" })]
    public void There_is_one_finding_per_distinct_trigger_in_subject_order(string language, string subject, string[] triggers) =>
        Assert.Equal(triggers, Lint.Rule(LintRules.PromotionalSubject, Lint.WithSubject(language, subject)).Select(f => f.Excerpt));

    [Theory]
    [InlineData("en", "Do you still want our newsletter?")]
    [InlineData("fr", "Souhaitez-vous toujours recevoir notre lettre d'information ?")]
    public void The_message_suggests_a_plain_subject_in_the_request_language(string language, string example)
    {
        var finding = Assert.Single(Lint.Rule(LintRules.PromotionalSubject, Lint.WithSubject(language, "Free")));
        Assert.Contains(example, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_body_is_not_checked_for_advertising_words() =>
        Assert.Empty(Lint.Rule(LintRules.PromotionalSubject, Lint.Adding("en", "Entry is FREE and you could win a prize!!")));
}
