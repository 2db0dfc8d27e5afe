namespace ReOptIn.Core.Importing.Addresses;

/// <summary>
/// Every reason a row can be rejected, as a stable code (API, rejects CSV) with words a marketer
/// understands. Address reasons are decided by <see cref="AddressParser"/>; the others by the import.
/// </summary>
public static class RejectReasons
{
    public const string Empty = "empty";
    public const string DuplicateInFile = "duplicate-in-file";
    public const string AlreadyAsked = "already-asked";
    public const string Suppressed = "suppressed";

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        [Empty] = "The email cell is empty.",
        [DuplicateInFile] = "The same address appears earlier in this file.",
        [AlreadyAsked] = "This address was already asked once; ReOptIn never asks twice.",
        [Suppressed] = "This address declined, bounced or complained before.",
    };

    public static string Describe(string code) => Descriptions.TryGetValue(code, out var text) ? text : code;

    public static IReadOnlyCollection<string> All => Descriptions.Keys;

    internal static void Add(string code, string description) => Descriptions[code] = description;
}
