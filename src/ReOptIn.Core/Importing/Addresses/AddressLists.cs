using System.Collections.Frozen;

namespace ReOptIn.Core.Importing.Addresses;

/// <summary>
/// The reference lists behind <see cref="AddressFlags"/>: role local parts and disposable-mail
/// domains, embedded in this assembly (see Data/README.txt). Each loads once, on first use, into
/// a frozen set that is looked up by span, so the hot path of an import allocates nothing here.
/// </summary>
internal static class AddressLists
{
    internal const string RoleResource = "ReOptIn.Core.Importing.Addresses.Data.role_based_localparts.txt";
    internal const string DisposableResource = "ReOptIn.Core.Importing.Addresses.Data.disposable_email_blocklist.conf";

    /// <summary>Is the local part (case-insensitive, before any <c>+tag</c>) a role mailbox such as info or sales?</summary>
    public static bool IsRoleLocalPart(ReadOnlySpan<char> localPart)
    {
        var plus = localPart.IndexOf('+');
        if (plus >= 0) localPart = localPart[..plus];
        return !localPart.IsEmpty && Roles.Lookup.Contains(localPart);
    }

    /// <summary>Is the ASCII domain, or one of its parent domains, a disposable-mail domain?</summary>
    public static bool IsDisposableDomain(ReadOnlySpan<char> asciiDomain)
    {
        while (true)
        {
            if (Disposable.Lookup.Contains(asciiDomain)) return true;
            var dot = asciiDomain.IndexOf('.');
            // Stop before the bare top-level domain: the list names registrable domains and hosts.
            if (dot < 0 || asciiDomain[(dot + 1)..].IndexOf('.') < 0) return false;
            asciiDomain = asciiDomain[(dot + 1)..];
        }
    }

    internal static int RoleCount => Roles.Set.Count;

    internal static int DisposableCount => Disposable.Set.Count;

    // Nested holders: the runtime builds each set the first time it is used, once, thread-safely.
    private static class Roles
    {
        internal static readonly FrozenSet<string> Set = Load(RoleResource);
        internal static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Set.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static class Disposable
    {
        internal static readonly FrozenSet<string> Set = Load(DisposableResource);
        internal static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Set.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static FrozenSet<string> Load(string resource)
    {
        using var stream = typeof(AddressLists).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded list '{resource}' is missing from ReOptIn.Core.");
        using var reader = new StreamReader(stream);
        var entries = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var entry = line.Trim();
            if (entry.Length == 0 || entry[0] == '#') continue;
            entries.Add(entry.ToLowerInvariant());
        }
        return entries.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
