using ReOptIn.Core.Composing.Linting;

namespace ReOptIn.UnitTests.Composing.Linting;

public sealed class FramingRulesTests
{
    [Theory]
    [InlineData("en", "You are already subscribed to our newsletter.", "already subscribed")]
    [InlineData("en", "You're already on our mailing list.", "already on our mailing list")]
    [InlineData("en", "You are still on our list.", "You are still on our list")]
    [InlineData("en", "You will continue to receive our emails.", "You will continue to receive")]
    [InlineData("en", "You’ll continue to receive our news.", "You’ll continue to receive")]
    [InlineData("en", "You will keep receiving our offers.", "You will keep receiving")]
    [InlineData("en", "You'll keep getting our newsletter.", "You'll keep getting")]
    [InlineData("en", "No action is needed to stay subscribed.", "No action is needed")]
    [InlineData("en", "No action required.", "No action required")]
    [InlineData("en", "You don't need to do anything to stay on the list.", "don't need to do anything")]
    [InlineData("en", "Unsubscribe if you no longer want our emails.", "Unsubscribe if")]
    [InlineData("en", "We will keep writing unless you unsubscribe.", "unless you unsubscribe")]
    [InlineData("en", "If you no longer wish to receive our emails, please unsubscribe below.", "If you no longer wish to receive our emails, please unsubscribe")]
    [InlineData("en", "If you do nothing, you will keep receiving our emails.", "do nothing")]
    [InlineData("en", "Do nothing and you stay subscribed.", "Do nothing")]
    [InlineData("fr", "Vous êtes déjà inscrit à notre lettre.", "déjà inscrit")]
    [InlineData("fr", "Vous êtes déjà inscrite.", "déjà inscrite")]
    [InlineData("fr", "Vous continuerez à recevoir nos e-mails.", "Vous continuerez à recevoir")]
    [InlineData("fr", "Vous continuerez de recevoir nos actualités.", "Vous continuerez de recevoir")]
    [InlineData("fr", "Désabonnez-vous si vous ne souhaitez plus nous lire.", "Désabonnez-vous si")]
    [InlineData("fr", "Désinscrivez-vous si besoin.", "Désinscrivez-vous si")]
    [InlineData("fr", "Sans action de votre part, vous resterez inscrit.", "Sans action de votre part")]
    [InlineData("fr", "Vous n’avez rien à faire pour rester abonné.", "Vous n’avez rien à faire")]
    [InlineData("fr", "Aucune action n'est requise.", "Aucune action n'est requise")]
    [InlineData("fr", "Aucune action n’est nécessaire.", "Aucune action n’est nécessaire")]
    [InlineData("fr", "Si vous ne faites rien, vous continuerez à recevoir notre lettre.", "Si vous ne faites rien")]
    [InlineData("fr", "Si vous ne souhaitez plus recevoir nos e-mails, désabonnez-vous.", "Si vous ne souhaitez plus recevoir nos e-mails, désabonnez-vous")]
    public void An_opt_out_sentence_in_the_body_fails(string language, string sentence, string excerpt)
    {
        var findings = Lint.Rule(LintRules.OptOutFraming, Lint.Adding(language, sentence));

        var finding = Assert.Single(findings, f => f.Excerpt == excerpt);
        Assert.Equal(LintSeverity.Error, finding.Severity);
        Assert.StartsWith("The body reads as an opt-out message", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "You're already subscribed to our news")]
    [InlineData("en", "No action needed: your subscription continues")]
    [InlineData("fr", "Vous êtes déjà abonné à notre lettre")]
    [InlineData("fr", "Vous continuerez à recevoir nos nouvelles")]
    public void An_opt_out_subject_fails(string language, string subject)
    {
        var finding = Assert.Single(Lint.Rule(LintRules.OptOutFraming, Lint.WithSubject(language, subject)));
        Assert.StartsWith("The subject reads as an opt-out message", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "If you do nothing, we will not write to you again.")]
    [InlineData("en", "If you do nothing, we won't write again.")]
    [InlineData("en", "If you do nothing, we will delete your address.")]
    [InlineData("en", "We will delete your address if you do nothing.")]
    [InlineData("en", "If you don't reply, we will remove you from our list.")]
    [InlineData("en", "No action is needed if you'd rather not hear from us: we will forget your address.")]
    [InlineData("en", "Once you are subscribed, we will send you the code.")]
    [InlineData("en", "You can unsubscribe at any time.")]
    [InlineData("en", "Would you like to subscribe?")]
    [InlineData("en", "You subscribed to our updates in 2021.")]
    [InlineData("fr", "Si vous ne faites rien, nous ne vous écrirons plus.")]
    [InlineData("fr", "Sans réponse de votre part, nous supprimerons votre adresse.")]
    [InlineData("fr", "Si vous ne répondez pas, nous effacerons votre adresse.")]
    [InlineData("fr", "Vous pourrez vous désabonner à tout moment.")]
    [InlineData("fr", "Souhaitez-vous vous inscrire ?")]
    [InlineData("fr", "Vous vous êtes inscrit en 2021.")]
    public void A_sentence_that_asks_or_says_silence_ends_it_passes(string language, string sentence) =>
        Assert.Empty(Lint.Rule(LintRules.OptOutFraming, Lint.Adding(language, sentence)));

    [Theory]
    [InlineData("en", "Do you still want our newsletter?")]
    [InlineData("fr", "Souhaitez-vous toujours recevoir notre lettre ?")]
    public void A_question_subject_passes(string language, string subject) =>
        Assert.Empty(Lint.Rule(LintRules.OptOutFraming, Lint.WithSubject(language, subject)));
}
