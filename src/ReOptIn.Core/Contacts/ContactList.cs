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

    public string? CreatedByUserId { get; set; }

    public List<ListMembership> Memberships { get; } = [];
}
