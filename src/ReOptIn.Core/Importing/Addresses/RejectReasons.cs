using System.Collections.Frozen;

namespace ReOptIn.Core.Importing.Addresses;

/// <summary>
/// Every reason a row can be rejected, as a stable code (API, rejects CSV) with words a marketer
/// understands. Address reasons are decided by <see cref="AddressParser"/>; the others by the import.
/// The policy behind the address reasons is ADR-0005.
/// </summary>
public static class RejectReasons
{
    // Decided by the import.
    public const string Empty = "empty";
    public const string DuplicateInFile = "duplicate-in-file";
    public const string AlreadyAsked = "already-asked";
    public const string Suppressed = "suppressed";
    public const string ExcludedJurisdiction = "excluded-jurisdiction";

    /// <summary>Not a rejected row: a further address in a cell whose first address was imported.</summary>
    public const string ExtraAddressInCell = "extra-address-in-cell";

    /// <summary>From the optional MX check: the domain clearly receives no mail.</summary>
    public const string NoMailServer = "no-mail-server";

    // Decided by AddressParser: the cell as a whole.
    public const string NoAtSign = "no-at-sign";
    public const string SeveralAtSigns = "several-at-signs";
    public const string UnclosedAngleBracket = "unclosed-angle-bracket";
    public const string InvisibleCharacters = "invisible-characters";
    public const string ContainsSpace = "contains-space";
    public const string Comment = "comment";
    public const string TooLong = "too-long";

    // The part before the @.
    public const string MissingLocalPart = "missing-local-part";
    public const string InvalidLocalPart = "invalid-local-part";
    public const string QuotedLocalPart = "quoted-local-part";
    public const string NonAsciiLocalPart = "non-ascii-local-part";
    public const string LocalPartTooLong = "local-part-too-long";
    public const string LeadingOrTrailingDot = "leading-or-trailing-dot";
    public const string ConsecutiveDots = "consecutive-dots";

    // The part after the @.
    public const string MissingDomain = "missing-domain";
    public const string InvalidDomain = "invalid-domain";
    public const string InvalidInternationalDomain = "invalid-international-domain";
    public const string DomainTooLong = "domain-too-long";
    public const string DomainLiteral = "domain-literal";
    public const string SingleLabelDomain = "single-label-domain";
    public const string InvalidTopLevelDomain = "invalid-top-level-domain";
    public const string SpecialUseDomain = "special-use-domain";

    private static readonly FrozenDictionary<string, string> Descriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Empty] = "The email cell is empty.",
        [DuplicateInFile] = "The same address appears earlier in this file.",
        [AlreadyAsked] = "This address was already asked once; ReOptIn never asks twice.",
        [Suppressed] = "This address declined, bounced or complained before.",
        [NoMailServer] = "The domain receives no email: it does not exist, has no mail server, or says it accepts no mail.",
        [ExtraAddressInCell] = "Another address in the same cell; only the first one was imported. Put it on a row of its own to import it.",
        [ExcludedJurisdiction] = "The contact is in the UK or Canada, where a consent request by email counts as marketing; an admin must record the lawful basis before they can be asked.",

        [NoAtSign] = "There is no @ sign, so this is not an email address.",
        [SeveralAtSigns] = "The address has more than one @ sign.",
        [UnclosedAngleBracket] = "The cell looks like “Name <address>” but the < > brackets around the address are not closed.",
        [InvisibleCharacters] = "The address contains invisible characters (such as a line break or a control code) in the middle.",
        [ContainsSpace] = "The address contains a space.",
        [Comment] = "The address contains a comment in brackets, such as jane(home)@example.com; remove the comment.",
        [TooLong] = "The address is longer than 254 characters, more than email allows.",

        [MissingLocalPart] = "Nothing comes before the @ sign.",
        [InvalidLocalPart] = "The part before the @ contains a character that addresses cannot use, such as a comma, bracket or colon.",
        [QuotedLocalPart] = "The part before the @ uses quotation marks; the standard allows it, but most mail systems refuse such addresses, so ReOptIn does not send to them.",
        [NonAsciiLocalPart] = "The part before the @ contains accented or non-Latin letters; few mail servers accept them, so ReOptIn does not send to them.",
        [LocalPartTooLong] = "The part before the @ is longer than 64 characters, more than mail servers accept.",
        [LeadingOrTrailingDot] = "A dot is at the start or end of the name before the @, or of the domain after it.",
        [ConsecutiveDots] = "The address has two dots in a row.",

        [MissingDomain] = "Nothing comes after the @ sign.",
        [InvalidDomain] = "The part after the @ is not a valid domain name: it holds a character such as an underscore or symbol, or a part of it starts or ends with a hyphen.",
        [InvalidInternationalDomain] = "The domain contains letters or symbols that are not allowed in an international domain name (full-width letters, for example).",
        [DomainTooLong] = "The domain after the @ is too long: more than 253 characters, or more than 63 between two dots.",
        [DomainLiteral] = "The address uses an IP address in square brackets instead of a domain name; such addresses cannot be mailed safely in bulk.",
        [SingleLabelDomain] = "The domain after the @ has no dot (as in jane@localhost), so it cannot be reached over the internet.",
        [InvalidTopLevelDomain] = "The domain does not end in a real top-level domain such as .com or .de (it ends in digits or symbols).",
        [SpecialUseDomain] = "The domain is reserved for tests or private networks (.test, .invalid, .local, .localhost, .onion, .arpa, .example and the like) and can never receive email.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The description of a code for people, or the code itself when it is unknown.</summary>
    public static string Describe(string code) => Descriptions.TryGetValue(code, out var text) ? text : code;

    /// <summary>Every code, import reasons and address reasons alike.</summary>
    public static IReadOnlyCollection<string> All => Descriptions.Keys;
}
