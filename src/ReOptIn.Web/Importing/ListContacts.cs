using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing.Addresses;
using ReOptIn.Web.Api;

namespace ReOptIn.Web.Importing;

/// <summary>A list's contacts as a marketer browses them, for the list page and the API.</summary>
public static class ListContacts
{
    public const int MaxTake = 500;

    public static async Task<ListEndpoints.ContactPage> PageAsync(ReOptInDb db, ContactList list, int skip, int take, CancellationToken ct)
    {
        skip = Math.Max(0, skip);
        take = Math.Clamp(take, 1, MaxTake);
        var members = db.Memberships.AsNoTracking().Where(m => m.ListId == list.Id);
        var total = await members.CountAsync(ct);
        var rows = await members.OrderBy(m => m.ContactId).Skip(skip).Take(take)
            .Select(m => new { m.Contact!.Id, m.Contact.Email, m.Contact.FirstName, m.Contact.LastName, m.Contact.Flags, m.Contact.Jurisdiction, m.Contact.CustomAttributesJson })
            .ToListAsync(ct);
        var items = rows.Select(c => new ListEndpoints.ContactItem(c.Id, c.Email, EmailAddress.ForDisplay(c.Email), c.FirstName, c.LastName,
            Status(c.Jurisdiction, list), Flags(c.Flags, c.Jurisdiction),
            c.CustomAttributesJson is null ? null : JsonDocument.Parse(c.CustomAttributesJson).RootElement.Clone())).ToList();
        return new ListEndpoints.ContactPage(total, skip, take, items);
    }

    /// <summary>"eligible", or "excluded" when PECR or CASL applies and no lawful basis was recorded for the list.</summary>
    public static string Status(string? jurisdiction, ContactList list) =>
        jurisdiction is not null && list.LawfulBasis is null ? "excluded" : "eligible";

    public static IReadOnlyList<string> Flags(int flags, string? jurisdiction)
    {
        var result = new List<string>();
        if ((flags & (int)AddressFlags.RoleAccount) != 0) result.Add("role-account");
        if ((flags & (int)AddressFlags.DisposableDomain) != 0) result.Add("disposable-domain");
        if (jurisdiction is not null) result.Add("jurisdiction-" + jurisdiction.ToLowerInvariant());
        return result;
    }
}
