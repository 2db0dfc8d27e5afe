using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Bounces;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Dispatch;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Bounces;

/// <summary>Bounces of a real campaign's messages, posted to the API: matched to their requests and acted on.</summary>
public sealed class BounceActionTests
{
    [Fact]
    public async Task Hard_complaint_soft_forged_and_garbage_each_end_where_they_should()
    {
        await using var f = await DispatchFixture.StartAsync();
        var senderId = await f.CreateSenderAsync();
        var addresses = new[] { "hard@a.example.org", "angry@b.example.org", "full@c.example.org", "victim@d.example.org" };
        var listId = await f.ImportListAsync(addresses);
        var id = await f.ApprovedCampaignAsync(senderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{id}/launch");
        await f.WaitForStatusAsync(id, "Sent");
        var sent = f.Smtp.Received.ToDictionary(m => m.Recipients.Single(), m => (Envelope: m.EnvelopeFrom, MessageId: "<" + m.Message.MessageId + ">"));

        async Task<JsonElement> PostAsync(string raw, string? envelopeTo = null)
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(raw));
            content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
            var url = "/api/v1/bounces" + (envelopeTo is null ? "" : "?envelopeTo=" + Uri.EscapeDataString(envelopeTo));
            var response = await f.Api.Http.PostAsync(url, content);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.IsSuccessStatusCode, json.ToString());
            return json;
        }

        var hardRaw = BounceMail.Dsn("hard@a.example.org", "5.1.1", "failed", "550 5.1.1 <hard@a.example.org>: user unknown", sent["hard@a.example.org"].MessageId);
        var hard = await PostAsync(hardRaw, sent["hard@a.example.org"].Envelope);
        Assert.Equal(("hard", "Bounced", "verp"), (hard.GetProperty("class").GetString(), hard.GetProperty("action").GetString(), hard.GetProperty("matchedBy").GetString()));
        Assert.False(hard.GetProperty("alreadyProcessed").GetBoolean());

        // The same message posted again (a retried script): the first report comes back, nothing is done twice.
        var again = await PostAsync(hardRaw, sent["hard@a.example.org"].Envelope);
        Assert.True(again.GetProperty("alreadyProcessed").GetBoolean());
        Assert.Equal(hard.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());

        var complaint = await PostAsync(BounceMail.Complaint("angry@b.example.org", sent["angry@b.example.org"].MessageId));
        Assert.Equal(("complaint", "Complained", "message-id"), (complaint.GetProperty("class").GetString(), complaint.GetProperty("action").GetString(), complaint.GetProperty("matchedBy").GetString()));

        var soft = await PostAsync(BounceMail.Dsn("full@c.example.org", "4.2.2", "delayed", "452 4.2.2 mailbox full", sent["full@c.example.org"].MessageId),
            sent["full@c.example.org"].Envelope);
        Assert.Equal(("soft", "Counted"), (soft.GetProperty("class").GetString(), soft.GetProperty("action").GetString()));

        // A forged bounce: the victim's VERP address, but someone else's recipient. It must not suppress anyone.
        var forged = await PostAsync(BounceMail.Dsn("hard@a.example.org", "5.1.1", "failed", "550 5.1.1 user unknown", "<nothing@nowhere>"), sent["victim@d.example.org"].Envelope);
        Assert.Equal("NeedsReview", forged.GetProperty("action").GetString());

        var garbage = await PostAsync("this is not a mail at all");
        Assert.Equal("NeedsReview", garbage.GetProperty("action").GetString());

        await using var scope = f.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var states = await db.Requests.Include(r => r.Contact).ToDictionaryAsync(r => r.Contact!.Email, r => r.State);
        Assert.Equal(RequestState.Bounced, states["hard@a.example.org"]);
        Assert.Equal(RequestState.Complained, states["angry@b.example.org"]);
        Assert.Equal(RequestState.Sent, states["full@c.example.org"]);
        Assert.Equal(RequestState.Sent, states["victim@d.example.org"]);
        var suppressions = await db.Suppressions.Select(s => s.Reason).ToListAsync();
        Assert.Equal([SuppressionReason.HardBounce, SuppressionReason.Complaint], suppressions.Order());
        var review = await db.Bounces.Where(b => b.Action == BounceAction.NeedsReview).ToListAsync();
        Assert.Equal(2, review.Count);
        Assert.All(review, b => Assert.False(string.IsNullOrEmpty(b.RawMessage)));
        Assert.True(await db.Bounces.Where(b => b.Action != BounceAction.NeedsReview).AllAsync(b => b.RawMessage == null));

        // An admin reads the garbage on the review page and decides it is not a bounce.
        using var admin = Browser.Open(f.App);
        await admin.SignInAsync(ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!, ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!);
        var page = await admin.GetPageAsync("/Admin/Bounces");
        Assert.Contains("this is not a mail at all", page, StringComparison.Ordinal);
        var garbageId = garbage.GetProperty("id").GetInt64();
        var decided = await admin.SubmitAsync("/Admin/Bounces", new Dictionary<string, string> { ["decision"] = "none" }, $"/Admin/Bounces?handler=Decide&id={garbageId}");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, decided.StatusCode);
        var after = await db.Bounces.AsNoTracking().SingleAsync(b => b.Id == garbageId);
        Assert.Equal((BounceAction.Ignored, (string?)null), (after.Action, after.RawMessage));
        Assert.DoesNotContain("this is not a mail at all", await admin.GetPageAsync("/Admin/Bounces"), StringComparison.Ordinal);
    }
}
