using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Confirming;

/// <summary>Admins open a receipt (to print, as JSON) and export a campaign's receipts as JSON lines; exports are audited.</summary>
public sealed class ReceiptAdminTests(ConfirmingApp fixture) : IClassFixture<ConfirmingApp>
{
    private readonly ReOptInFactory _app = fixture.App;

    [Fact]
    public async Task An_admin_opens_prints_and_exports_the_receipts()
    {
        using var admin = Browser.Open(_app);
        await admin.SetUpAdminAsync();
        var sent = await ContactFixture.SendAsync(_app);
        using (var contact = Browser.Open(_app))
            await contact.SubmitAsync(sent.ConfirmUrl, new Dictionary<string, string> { ["Input.Consent"] = "true", ["Input.FirstName"] = "Jo" });
        var receiptId = await ContactFixture.ReadAsync(_app, db => db.Receipts.Where(r => r.RequestId == sent.RequestId).Select(r => r.Id).SingleAsync());

        var list = await admin.GetPageAsync($"/Admin/Campaigns/{sent.CampaignId}/Receipts?email={Uri.EscapeDataString(sent.Email.ToUpperInvariant())}");
        Assert.Contains(sent.Email, list, StringComparison.Ordinal);
        Assert.Contains($"/Admin/Receipts/{receiptId}", list, StringComparison.Ordinal);
        Assert.Contains($"Consent receipts", await admin.GetPageAsync($"/Campaigns/{sent.CampaignId}"), StringComparison.Ordinal);

        var page = await admin.GetPageAsync($"/Admin/Receipts/{receiptId}");
        Assert.Contains(ContactFixture.Statement, page, StringComparison.Ordinal);
        Assert.Contains("window.print()", page, StringComparison.Ordinal);

        var json = await admin.GetAsync($"/Admin/Receipts/{receiptId}?handler=Json");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        using (var doc = JsonDocument.Parse(await json.Content.ReadAsStringAsync()))
        {
            var root = doc.RootElement;
            Assert.Equal(sent.Email, root.GetProperty("email").GetString());
            Assert.Equal("Jo", root.GetProperty("form").GetProperty("firstName").GetString());
            Assert.Equal(64, root.GetProperty("consentStatementSha256").GetString()!.Length);
            Assert.Equal(1, root.GetProperty("visits").GetProperty("count").GetInt32());
            Assert.StartsWith("<", root.GetProperty("messageId").GetString(), StringComparison.Ordinal);
        }

        var export = await admin.GetAsync($"/Admin/Campaigns/{sent.CampaignId}/Receipts.jsonl");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/x-ndjson", export.Content.Headers.ContentType?.MediaType);
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Equal(receiptId, JsonDocument.Parse(lines[0]).RootElement.GetProperty("id").GetInt64());

        // The same through the API, with an admin's key.
        var key = await admin.CreateApiKeyAsync("receipts script");
        using var api = _app.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        var apiExport = await api.GetStringAsync($"/api/v1/campaigns/{sent.CampaignId}/receipts");
        Assert.Equal(lines[0], apiExport.TrimEnd('\n'));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/campaigns/99999/receipts")).StatusCode);

        var audited = await ContactFixture.ReadAsync(_app, db => db.AuditLog.AsNoTracking().Where(a => a.Action == AuditActions.ReceiptExported || a.Action == AuditActions.ReceiptsExported).ToListAsync());
        Assert.Contains(audited, a => a.Action == AuditActions.ReceiptExported && a.Subject == $"receipt {receiptId}" && a.ActorName == Browser.AdminEmail);
        Assert.Equal(2, audited.Count(a => a.Action == AuditActions.ReceiptsExported && a.Subject == $"campaign {sent.CampaignId}"));
        Assert.DoesNotContain(audited, a => (a.Detail ?? "").Contains('@', StringComparison.Ordinal));
    }
}
