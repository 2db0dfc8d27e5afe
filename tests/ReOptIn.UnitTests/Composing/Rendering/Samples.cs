using ReOptIn.Core.Composing;

namespace ReOptIn.UnitTests.Composing.Rendering;

internal static class Samples
{
    public const string ConfirmUrl = "https://reoptin.example/r/confirm_AbC-123?c=7&t=x";
    public const string DeclineUrl = "https://reoptin.example/r/decline_AbC-123?c=7&t=y";

    public static RequestValues Values => new()
    {
        ContactFirstName = "Jane",
        ContactLastName = "Doe",
        ContactSource = "you bought a kettle in 2021",
        Purpose = "our monthly newsletter",
        ConfirmUrl = ConfirmUrl,
        DeclineUrl = DeclineUrl,
        SenderName = "Acme Kettles",
        SenderPostalAddress = "1 Main Street\nSpringfield",
        IncentiveDescription = "a 10% voucher",
    };

    /// <summary>A body using every placeholder once.</summary>
    public const string EveryPlaceholder = """
        Hello {{ contact.first_name }} {{ contact.last_name }},

        We have your address because {{ contact.source }}. We would like to send you {{ purpose }}.
        As a thank-you: {{ incentive.description }}.

        [Yes, keep me]({{ confirm_url }})

        No thanks: {{ decline_url }}

        {{ sender.name }}, {{ sender.postal_address }}
        """;

    public static RequestContent Content(string body, string subject = "News for {{ contact.first_name }}", string language = "en") =>
        new(subject, body, language);
}
