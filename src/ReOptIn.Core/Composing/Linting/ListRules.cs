using System.Globalization;

namespace ReOptIn.Core.Composing.Linting;

/// <summary>
/// RP010: in the UK (PECR) and Canada (CASL) the request itself counts as marketing, so those
/// contacts are left out unless an admin recorded the lawful basis for asking them.
/// </summary>
internal static class ListRules
{
    public static void Check(LintInput input, List<LintFinding> findings)
    {
        foreach (var list in input.Context.Lists ?? [])
        {
            if (list is null || list.RestrictedContacts <= 0 || list.HasLawfulBasis) continue;
            var contacts = list.RestrictedContacts == 1
                ? "1 contact"
                : string.Create(CultureInfo.InvariantCulture, $"{list.RestrictedContacts:N0} contacts");
            findings.Add(LintRules.Finding(LintRules.RestrictedJurisdictions,
                $"List '{list.ListName}' has {contacts} in the UK or Canada and no lawful basis recorded: " +
                "they will be excluded. Record the basis on the list page to include them."));
        }
    }
}
