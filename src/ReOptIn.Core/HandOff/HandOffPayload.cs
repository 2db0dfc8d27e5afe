using System.Text.Json;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Confirming;
using ReOptIn.Core.Contacts;

namespace ReOptIn.Core.HandOff;

/// <summary>
/// What a destination receives: the contact, a summary of the consent receipt and the campaign. It
/// is built at delivery time from the receipt (written once, never edited) and the contact as it is
/// then, so a later correction of a name travels too. This is the webhook's JSON body.
/// </summary>
public sealed record HandOffPayload(string Type, long EventId, DateTime OccurredAt, bool Test,
    HandOffPayload.ContactPart Contact, HandOffPayload.ConsentPart Consent, HandOffPayload.CampaignPart Campaign)
{
    public const string ConfirmedType = "contact.confirmed";
    public const string TestType = "test";

    public sealed record ContactPart(string Email, string? FirstName, string? LastName, string? Language);

    public sealed record ConsentPart(long ReceiptId, DateTime ConfirmedAt, string Statement, string StatementSha256, int StatementVersion,
        string FormLanguage, IReadOnlyList<string> Interests, string? IpAddress, string? UserAgent, DateTime? RequestSentAt,
        string? RequestMessageId, string? ApprovedContentHash, string Source);

    public sealed record CampaignPart(int Id, string Name, string? Purpose);

    public static HandOffPayload For(HandOffEvent e, ConsentReceipt receipt, Contact contact, Campaign campaign) => new(
        ConfirmedType, e.Id, e.CreatedAt, Test: false,
        new ContactPart(contact.Email, contact.FirstName, contact.LastName, receipt.Language),
        new ConsentPart(receipt.Id, receipt.SubmittedAt, receipt.ConsentStatement, receipt.ConsentStatementSha256, receipt.ConsentVersion,
            receipt.Language, Interests(receipt.FormJson), receipt.IpAddress, receipt.UserAgent, receipt.SentAt, receipt.MessageId,
            receipt.ApprovedContentHash, SourceOf(campaign)),
        new CampaignPart(campaign.Id, campaign.Name, campaign.Purpose));

    /// <summary>A made-up contact for the "send a test event" button; <see cref="Test"/> is true so receivers can ignore it.</summary>
    public static HandOffPayload Sample(DateTime now) => new(
        TestType, 0, now, Test: true,
        new ContactPart("test.contact@example.invalid", "Test", "Contact", "en"),
        new ConsentPart(0, now, "This is a test event from ReOptIn.", ConsentReceipt.Sha256Hex("This is a test event from ReOptIn."), 1, "en", [],
            "192.0.2.1", "ReOptIn test", null, null, null, "ReOptIn test event"),
        new CampaignPart(0, "Test event", "Checking the connection"));

    /// <summary>How the consent was obtained, in one line (an ActiveCampaign field or a Mailchimp merge field).</summary>
    public static string SourceOf(Campaign campaign) => $"ReOptIn re-permission campaign “{campaign.Name}”";

    public string ToJson() => JsonSerializer.Serialize(this, HandOffJson.Options);

    private static List<string> Interests(string formJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(formJson);
            return doc.RootElement.TryGetProperty("interests", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(i => i.GetString()).OfType<string>().ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
