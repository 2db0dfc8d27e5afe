namespace ReOptIn.Core.Importing.Addresses;

[Flags]
public enum AddressFlags
{
    None = 0,
    /// <summary>info@, sales@…: often shared mailboxes; flagged, not rejected.</summary>
    RoleAccount = 1,
    /// <summary>A throw-away mail domain; flagged, not rejected.</summary>
    DisposableDomain = 2,
}

/// <summary>What one address cell of an uploaded file holds, after cleaning and validation.</summary>
public sealed record ParsedAddress
{
    /// <summary>The address to send to: local part as given, domain lowercased and in ASCII (punycode). Null when rejected.</summary>
    public string? Email { get; init; }

    /// <summary>The comparison form used for de-duplication and hashing (see <c>Contacts.EmailAddress.Normalize</c>).</summary>
    public string? Normalized { get; init; }

    /// <summary>The domain as people read it (Unicode), for display.</summary>
    /// <remarks>Not stored for a plain ASCII domain (most rows of an import): then it is the email's domain, cut when asked.</remarks>
    public string? DisplayDomain
    {
        get => field ?? (Email is { } email ? email[(email.LastIndexOf('@') + 1)..] : null);
        init;
    }

    /// <summary>The name of a <c>Jane Doe &lt;jane@example.com&gt;</c> cell, if any.</summary>
    public string? NameInCell { get; init; }

    /// <summary>Further addresses found in the same cell; reported, not imported.</summary>
    public IReadOnlyList<string> OtherAddresses { get; init; } = [];

    /// <summary>A reason code from <see cref="RejectReasons"/> when the cell cannot be used.</summary>
    public string? Rejection { get; init; }

    public AddressFlags Flags { get; init; }

    public bool IsValid => Rejection is null;
}
