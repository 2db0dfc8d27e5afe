namespace ReOptIn.Core.Contacts;

/// <summary>An uploaded legacy list. <see cref="Source"/> is what the request reminds people of.</summary>
public sealed class ContactList
{
    public ContactList(string name, string source, DateTime createdAt)
    {
        Name = name;
        Source = source;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }

    public string Name { get; set; }

    /// <summary>"How did you get these addresses?" — shown to every contact in the request.</summary>
    public string Source { get; set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>The column mapping of the last import, offered again for the next one (JSON).</summary>
    public string? MappingJson { get; set; }

    /// <summary>
    /// The lawful basis an admin recorded for asking this list's UK (PECR) and Canadian (CASL)
    /// contacts; without it they are excluded, because there the request itself counts as marketing.
    /// </summary>
    public string? LawfulBasis { get; set; }

    public DateTime? LawfulBasisRecordedAt { get; set; }

    public string? LawfulBasisRecordedByUserId { get; set; }

    public string? CreatedByUserId { get; set; }

    public List<ListMembership> Memberships { get; } = [];
}
