namespace ReOptIn.Core.Confirming;

/// <summary>
/// The record of one "yes" (GDPR Art. 7(1), CASL): who, when, what they were shown, how, and what
/// they submitted. Written once, in the same transaction as the move to Confirmed; never edited.
/// </summary>
public sealed class ConsentReceipt
{
    // For EF Core.
    private ConsentReceipt()
    {
        Email = ConsentStatement = ConsentStatementSha256 = FormJson = Language = "";
    }

    public ConsentReceipt(long requestId, int campaignId, string email, string consentStatement, int consentVersion,
        string formJson, DateTime submittedAt, string language)
    {
        RequestId = requestId;
        CampaignId = campaignId;
        Email = email;
        ConsentStatement = consentStatement;
        ConsentStatementSha256 = Sha256Hex(consentStatement);
        ConsentVersion = consentVersion;
        FormJson = formJson;
        SubmittedAt = submittedAt;
        Language = language;
    }

    public long Id { get; private set; }

    /// <summary>One receipt per request (unique).</summary>
    public long RequestId { get; private set; }

    public int CampaignId { get; private set; }

    /// <summary>The address as it was when the person confirmed.</summary>
    public string Email { get; private set; }

    /// <summary>The exact sentence the person ticked, its SHA-256 (hex) and its version.</summary>
    public string ConsentStatement { get; private set; }

    public string ConsentStatementSha256 { get; private set; }

    public int ConsentVersion { get; private set; }

    /// <summary>The submitted fields (names, interests) as a JSON object.</summary>
    public string FormJson { get; private set; }

    /// <summary>The language the form was shown in ("en" or "fr").</summary>
    public string Language { get; private set; }

    public DateTime SubmittedAt { get; private set; }

    public string? IpAddress { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>When the request was handed to the relay, and its Message-ID.</summary>
    public DateTime? SentAt { get; init; }

    public string? MessageId { get; init; }

    /// <summary>The fingerprint of the email content the admin approved (<c>Campaign.ApprovedContentHash</c>).</summary>
    public string? ApprovedContentHash { get; init; }

    public DateTime? FirstVisitAt { get; init; }

    public int VisitCount { get; init; }

    public int AutomatedVisitCount { get; init; }

    /// <summary>
    /// When the person's data left the receipt (deadline, retention or request): the address, IP, user
    /// agent and submitted fields are cleared; the consent text, its hash and the times stay.
    /// </summary>
    public DateTime? ErasedAt { get; private set; }

    public static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
