using ReOptIn.Core.Composing.Linting;

namespace ReOptIn.UnitTests.Composing.Linting;

public sealed class ContentRulesTests
{
    [Theory]
    [InlineData("en", "")]
    [InlineData("en", "When you click the link, a short form opens.")]
    [InlineData("en", "We value your privacy and your time.")]
    [InlineData("fr", "")]
    [InlineData("fr", "Lorsque vous cliquerez sur le lien, un court formulaire s'ouvrira.")]
    [InlineData("fr", "Nous respectons votre vie privée.")]
    public void A_body_that_does_not_say_how_the_address_was_obtained_fails(string language, string replacement)
    {
        var finding = Assert.Single(Lint.Rule(LintRules.AddressSource, Lint.Replacing(language, Lint.SourceLine(language), replacement)));

        Assert.Equal(LintSeverity.Error, finding.Severity);
        Assert.Null(finding.Excerpt);
        Assert.Contains("{{ contact.source }}", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "You gave us your address when you bought a ticket for our 2023 festival.")]
    [InlineData("en", "You signed up at our stand at the 2022 book fair.")]
    [InlineData("en", "You subscribed to our updates in 2021.")]
    [InlineData("en", "You bought a bike from us last year.")]
    [InlineData("en", "You purchased a ticket for our spring concert.")]
    [InlineData("en", "You registered for our 2023 conference.")]
    [InlineData("en", "You created an account on our shop.")]
    [InlineData("en", "We are writing because you attended our workshop.")]
    [InlineData("en", "As a former customer of our shop, you may like our news.")]
    [InlineData("en", "You’ve ordered from us before.")]
    [InlineData("en", "YOU **SIGNED UP** on our website.")]
    [InlineData("en", "Source: {{contact.source}}")]
    [InlineData("fr", "Vous nous avez donné votre adresse lors d'un salon.")]
    [InlineData("fr", "Vous nous avez communiqué votre adresse en 2021.")]
    [InlineData("fr", "Vous vous êtes inscrite à notre atelier.")]
    [InlineData("fr", "VOUS VOUS ÊTES INSCRIT sur notre site.")]
    [InlineData("fr", "Lors de votre achat en 2022, vous avez laissé votre adresse.")]
    [InlineData("fr", "Nous vous écrivons parce que vous êtes venu à notre stand.")]
    [InlineData("fr", "Lorsque vous avez créé votre compte, vous avez donné votre adresse.")]
    [InlineData("fr", "Vous avez acheté un vélo chez nous.")]
    [InlineData("fr", "Vous avez créé un compte sur notre boutique.")]
    [InlineData("fr", "En tant que cliente de notre librairie, vous aimerez nos nouvelles.")]
    public void A_sentence_recalling_how_the_address_was_obtained_passes_without_the_placeholder(string language, string sentence) =>
        Assert.Empty(Lint.Rule(LintRules.AddressSource, Lint.Replacing(language, Lint.SourceLine(language), sentence)));

    [Theory]
    [InlineData("en", "")]
    [InlineData("en", "We value your privacy and your time.")]
    [InlineData("en", "Please tell us by following one of the links below.")]
    [InlineData("fr", "")]
    [InlineData("fr", "Nous respectons votre vie privée.")]
    public void A_body_that_does_not_say_what_would_be_sent_fails(string language, string replacement)
    {
        var content = Lint.Replacing(language, Lint.PurposeLine(language), replacement);
        var finding = Assert.Single(Lint.Rule(LintRules.WhatWillBeSent, content));

        Assert.Equal(LintSeverity.Error, finding.Severity);
        Assert.Contains("{{ purpose }}", finding.Message, StringComparison.Ordinal);
        Assert.Contains(language == "fr" ? "Nous aimerions vous envoyer" : "We would like to send you", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "We would like to send you our newsletter about new books.")]
    [InlineData("en", "We'd like to send you news about our events.")]
    [InlineData("en", "We plan to send you an email about our new books.")]
    [InlineData("en", "One email, once a month, about new books.")]
    [InlineData("en", "A monthly letter about new books.")]
    [InlineData("en", "Our weekly digest of events.")]
    [InlineData("en", "What we would send: {{purpose}}")]
    [InlineData("fr", "Notre lettre d'information sur les nouveaux livres.")]
    [InlineData("fr", "Notre infolettre sur les nouveaux livres.")]
    [InlineData("fr", "Notre newsletter sur les nouveaux livres.")]
    [InlineData("fr", "Nous vous enverrons nos nouvelles.")]
    [InlineData("fr", "Nous aimerions vous envoyer nos actualités.")]
    [InlineData("fr", "Un e-mail, une fois par mois, sur nos nouveautés.")]
    [InlineData("fr", "Une lettre mensuelle sur nos nouveautés.")]
    [InlineData("fr", "Notre lettre HEBDOMADAIRE.")]
    public void A_sentence_saying_what_would_be_sent_passes_without_the_placeholder(string language, string sentence) =>
        Assert.Empty(Lint.Rule(LintRules.WhatWillBeSent, Lint.Replacing(language, Lint.PurposeLine(language), sentence)));
}
