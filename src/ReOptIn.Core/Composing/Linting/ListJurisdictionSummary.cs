namespace ReOptIn.Core.Composing.Linting;

/// <summary>One list of the campaign, as far as UK PECR and Canadian CASL are concerned.</summary>
/// <param name="RestrictedContacts">Contacts under UK PECR ("GB") or CASL ("CA").</param>
/// <param name="HasLawfulBasis">Whether an admin recorded the lawful basis for asking them.</param>
public sealed record ListJurisdictionSummary(string ListName, int RestrictedContacts, bool HasLawfulBasis);
