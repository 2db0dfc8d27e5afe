using System.Collections.Frozen;

namespace ReOptIn.Core.Composing;

/// <summary>
/// The Liquid placeholders a request may use. Anything else is a lint error (RP011), never an
/// empty string in a sent message.
/// </summary>
public static class Placeholders
{
    public const string ContactFirstName = "contact.first_name";
    public const string ContactLastName = "contact.last_name";
    public const string ContactSource = "contact.source";
    public const string Purpose = "purpose";
    public const string ConfirmUrl = "confirm_url";
    public const string DeclineUrl = "decline_url";
    public const string SenderName = "sender.name";
    public const string SenderPostalAddress = "sender.postal_address";
    public const string IncentiveDescription = "incentive.description";

    public static readonly FrozenSet<string> Known = new[]
    {
        ContactFirstName, ContactLastName, ContactSource, Purpose, ConfirmUrl, DeclineUrl,
        SenderName, SenderPostalAddress, IncentiveDescription,
    }.ToFrozenSet(StringComparer.Ordinal);
}
