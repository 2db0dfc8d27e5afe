using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Composing.Linting;

namespace ReOptIn.Web.Campaigns;

/// <summary>
/// What a draft still lacks before it can be submitted, in the linter's shape so the page and the
/// API show one list. Rule ids RP1xx are about completeness; RP0xx are the linter's.
/// </summary>
public static class CampaignReadiness
{
    public static IEnumerable<LintFinding> Check(Campaign c, DateTime now)
    {
        if (c.SenderProfileId is null)
            yield return Error("RP101", "Choose a sender profile: it gives the From address, the postal address and the relay.");
        if (c.Lists.Count == 0)
            yield return Error("RP102", "Choose at least one list to ask.");
        if (string.IsNullOrWhiteSpace(c.Purpose))
            yield return Error("RP103", "Say what you will send and how often (e.g. “a monthly newsletter with our new products”); the request tells every contact.");
        if (string.IsNullOrWhiteSpace(c.ConsentStatement))
            yield return Error("RP104", "Write the consent statement the contact ticks on the form (e.g. “Yes, send me the monthly newsletter”).");
        if (string.IsNullOrWhiteSpace(c.Subject))
            yield return Error("RP105", "Write a subject.");
        if (string.IsNullOrWhiteSpace(c.BodyMarkdown))
            yield return Error("RP106", "Write the body of the request.");
        if (c.Deadline is { } deadline && deadline <= now)
            yield return Error("RP107", "The deadline has passed; choose a later date.");
    }

    private static LintFinding Error(string rule, string message) => new(rule, LintSeverity.Error, message, null);
}
