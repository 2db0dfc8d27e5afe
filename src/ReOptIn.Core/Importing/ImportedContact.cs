namespace ReOptIn.Core.Importing;

/// <summary>One accepted row, ready for the provider's bulk writer.</summary>
public sealed record ImportedContact(
    string Email,
    string NormalizedEmail,
    byte[] AddressHash,
    string? FirstName,
    string? LastName,
    string? Country,
    string? Language,
    string? CustomAttributesJson,
    int Flags,
    string? Jurisdiction,
    string? Source,
    DateTime? LastMailedAt,
    DateTime? ConsentAt);
