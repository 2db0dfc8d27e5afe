namespace ReOptIn.Core.Contacts;

/// <summary>
/// One person, whatever the number of lists they appear in (see <see cref="ListMembership"/>).
/// Erasing a contact deletes this row; only the keyed hash survives, in the registry and suppressions.
/// </summary>
public sealed class Contact
{
    // For EF Core and the bulk writers' materialisation.
    private Contact()
    {
        Email = NormalizedEmail = "";
        AddressHash = [];
    }

    public Contact(string email, string normalizedEmail, byte[] addressHash, DateTime createdAt)
    {
        Email = email;
        NormalizedEmail = normalizedEmail;
        AddressHash = addressHash;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }

    /// <summary>The address as the list gave it (after trimming), for display and sending.</summary>
    public string Email { get; set; }

    /// <summary>The comparison form (see <see cref="EmailAddress.Normalize"/>); unique.</summary>
    public string NormalizedEmail { get; private set; }

    /// <summary>HMAC-SHA256 of <see cref="NormalizedEmail"/> with the installation's key.</summary>
    public byte[] AddressHash { get; private set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    /// <summary>The country as the list gave it (a code or a name).</summary>
    public string? Country { get; set; }

    /// <summary>BCP 47 language tag, when the list said.</summary>
    public string? Language { get; set; }

    /// <summary>Columns the import kept as they were, as a JSON object.</summary>
    public string? CustomAttributesJson { get; set; }

    /// <summary>Role account, disposable domain… (<c>Importing.Addresses.AddressFlags</c>): flagged, not rejected.</summary>
    public int Flags { get; set; }

    /// <summary>"GB" or "CA" when a consent request by email counts as marketing there (PECR, CASL).</summary>
    public string? Jurisdiction { get; set; }

    public DateTime CreatedAt { get; private set; }

    public List<ListMembership> Memberships { get; } = [];
}
