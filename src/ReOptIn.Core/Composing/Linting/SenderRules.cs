namespace ReOptIn.Core.Composing.Linting;

/// <summary>RP007: who is asking and where they are (CAN-SPAM), in the body and in the sender profile.</summary>
internal static class SenderRules
{
    public static void Check(LintInput input, List<LintFinding> findings)
    {
        if (!input.BodyTemplate.Uses(Placeholders.SenderName))
        {
            findings.Add(LintRules.Finding(LintRules.SenderIdentity,
                "The body does not say who is sending it. Add {{ sender.name }}, for example in the signature " +
                "and the footer, so the contact knows who is asking."));
        }

        if (!input.BodyTemplate.Uses(Placeholders.SenderPostalAddress))
        {
            findings.Add(LintRules.Finding(LintRules.SenderIdentity,
                "The body has no postal address. Add {{ sender.postal_address }} in the footer: bulk email must " +
                "show the sender's physical address (CAN-SPAM)."));
        }

        var context = input.Context;
        if (!context.SenderKnown) return;
        if (string.IsNullOrWhiteSpace(context.SenderName))
        {
            findings.Add(LintRules.Finding(LintRules.SenderIdentity,
                "The chosen sender profile has no name, so {{ sender.name }} would be empty. Fill in the name on the sender profile."));
        }

        if (string.IsNullOrWhiteSpace(context.SenderPostalAddress))
        {
            findings.Add(LintRules.Finding(LintRules.SenderIdentity,
                "The chosen sender profile has no postal address, so {{ sender.postal_address }} would be empty. " +
                "Fill in the postal address on the sender profile."));
        }
    }
}
