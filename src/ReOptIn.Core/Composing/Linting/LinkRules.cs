namespace ReOptIn.Core.Composing.Linting;

/// <summary>RP001 and RP008: the two links every request needs, confirm and decline.</summary>
internal static class LinkRules
{
    public static void Check(LintInput input, List<LintFinding> findings)
    {
        if (!input.BodyTemplate.Uses(Placeholders.ConfirmUrl))
        {
            findings.Add(LintRules.Finding(LintRules.ConfirmLink,
                "The body has no confirmation link. Add a link such as " +
                input.Example("[Yes, keep me informed]({{ confirm_url }})", "[Oui, tenez-moi au courant]({{ confirm_url }})") +
                ": only contacts who follow it and submit the form are opted in."));
        }

        if (!input.BodyTemplate.Uses(Placeholders.DeclineUrl))
        {
            findings.Add(LintRules.Finding(LintRules.DeclineLink,
                "The body has no decline link. Add a link such as " +
                input.Example("[No, remove me]({{ decline_url }})", "[Non, supprimez mon adresse]({{ decline_url }})") +
                " so the contact can say no and be removed at once."));
        }
    }
}
