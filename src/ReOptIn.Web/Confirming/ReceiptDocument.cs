using System.Text.Json;
using ReOptIn.Core.Confirming;

namespace ReOptIn.Web.Confirming;

/// <summary>A consent receipt as exported (JSON, JSON lines): every field, the form as an object.</summary>
public sealed record ReceiptDocument(
    long Id, long RequestId, int CampaignId, string Email, string Language,
    string ConsentStatement, string ConsentStatementSha256, int ConsentVersion, JsonElement Form,
    DateTime SubmittedAt, string? IpAddress, string? UserAgent,
    DateTime? SentAt, string? MessageId, string? ApprovedContentHash,
    ReceiptVisits Visits)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ReceiptDocument From(ConsentReceipt r)
    {
        using var form = JsonDocument.Parse(r.FormJson);
        return new ReceiptDocument(r.Id, r.RequestId, r.CampaignId, r.Email, r.Language,
            r.ConsentStatement, r.ConsentStatementSha256, r.ConsentVersion, form.RootElement.Clone(),
            r.SubmittedAt, r.IpAddress, r.UserAgent, r.SentAt, r.MessageId, r.ApprovedContentHash,
            new ReceiptVisits(r.FirstVisitAt, r.VisitCount, r.AutomatedVisitCount));
    }

    /// <summary>Writes one receipt per line (JSON lines), streaming, however many there are.</summary>
    public static async Task WriteLinesAsync(IAsyncEnumerable<ConsentReceipt> receipts, Stream body, CancellationToken ct)
    {
        await using var writer = new StreamWriter(body, new System.Text.UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        await foreach (var receipt in receipts.WithCancellation(ct))
            await writer.WriteLineAsync(JsonSerializer.Serialize(From(receipt), Json));
    }
}

public sealed record ReceiptVisits(DateTime? FirstAt, int Count, int Automated);
