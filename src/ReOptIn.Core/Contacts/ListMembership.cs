namespace ReOptIn.Core.Contacts;

/// <summary>That a contact appeared in a list, with what that row said about them.</summary>
public sealed class ListMembership
{
    public int ListId { get; set; }

    public ContactList? List { get; set; }

    public long ContactId { get; set; }

    public Contact? Contact { get; set; }

    public DateTime AddedAt { get; set; }

    /// <summary>The import that added it, so that a cancelled or failed import can be rolled back.</summary>
    public long? ImportJobId { get; set; }

    /// <summary>Row-level "how we got this address", when it differs from the list's.</summary>
    public string? Source { get; set; }

    public DateTime? LastMailedAt { get; set; }

    public DateTime? ConsentAt { get; set; }
}
