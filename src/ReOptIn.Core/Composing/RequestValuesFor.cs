using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Sending;

namespace ReOptIn.Core.Composing;

/// <summary>The placeholder values for one contact of a campaign: the one place that says where each comes from.</summary>
public static class RequestValuesFor
{
    /// <param name="rowSource">The imported row's own provenance, if it had one.</param>
    /// <param name="listSource">The contact's list's "how we got these addresses".</param>
    public static RequestValues Contact(Campaign c, string? firstName, string? lastName, string? rowSource, string? listSource, PublicLinks links) => new()
    {
        ContactFirstName = firstName,
        ContactLastName = lastName,
        // The row's own provenance is the most precise, then the campaign's sentence, then the list's.
        ContactSource = rowSource ?? c.Provenance ?? listSource ?? c.Lists.FirstOrDefault()?.Source ?? "",
        Purpose = c.Purpose ?? "",
        ConfirmUrl = links.ConfirmUrl,
        DeclineUrl = links.DeclineUrl,
        SenderName = c.Sender?.FromName ?? "",
        SenderPostalAddress = c.Sender?.PostalAddress ?? "",
        IncentiveDescription = c.IncentiveDescription,
    };
}
