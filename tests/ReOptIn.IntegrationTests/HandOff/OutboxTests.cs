using System.Net;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.HandOff;
using ReOptIn.IntegrationTests.Confirming;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.HandOff;

/// <summary>The outbox: a confirmation and its hand-off event commit together, and events wait for a destination.</summary>
public sealed class OutboxTests
{
    [Fact]
    public async Task Confirming_through_the_form_writes_the_hand_off_event_with_the_receipt()
    {
        await using var f = await HandOffFixture.StartAsync();
        var sent = await f.ConfirmAsync();

        var e = await ContactFixture.ReadAsync(f.App, db => db.HandOffEvents.AsNoTracking().SingleAsync(x => x.RequestId == sent.RequestId));
        Assert.Equal(sent.CampaignId, e.CampaignId);
        var receipt = await ContactFixture.ReadAsync(f.App, db => db.Receipts.AsNoTracking().SingleAsync(r => r.RequestId == sent.RequestId));
        Assert.Equal(receipt.SubmittedAt, e.CreatedAt);
        // No destination yet: the event waits, and the request stays confirmed.
        Assert.Null(e.FannedOutAt);
        Assert.Equal(RequestState.Confirmed, await f.StateAsync(sent.RequestId));
    }

    [Fact]
    public async Task A_confirmation_whose_event_cannot_be_written_is_not_recorded_at_all()
    {
        await using var f = await HandOffFixture.StartAsync();
        var sent = await ContactFixture.SendAsync(f.App);
        // An event already there for this request makes the outbox insert fail (one event per request).
        await ContactFixture.ReadAsync(f.App, async db =>
        {
            db.HandOffEvents.Add(new HandOffEvent(sent.RequestId, sent.CampaignId, DateTime.UtcNow));
            return await db.SaveChangesAsync();
        });

        using var contact = Browser.Open(f.App);
        var response = await contact.SubmitAsync(sent.ConfirmUrl, new Dictionary<string, string> { ["Input.Consent"] = "true" });
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);

        // The same transaction: no move to Confirmed and no receipt without the event.
        Assert.Equal(RequestState.Sent, await f.StateAsync(sent.RequestId));
        Assert.False(await ContactFixture.ReadAsync(f.App, db => db.Receipts.AnyAsync(r => r.RequestId == sent.RequestId)));
    }

    [Fact]
    public async Task Confirmations_made_before_any_destination_go_to_the_first_one_added()
    {
        await using var f = await HandOffFixture.StartAsync();
        var early = await f.ConfirmAsync();
        await f.WebhookAsync();
        var later = await f.ConfirmAsync();

        await f.WaitForStateAsync(early.RequestId, RequestState.HandedOff);
        await f.WaitForStateAsync(later.RequestId, RequestState.HandedOff);
        Assert.Equal(2, f.Fake.WebhookAccepted.Count);
        Assert.All(f.Fake.WebhookAccepted.Values, n => Assert.Equal(1, n));
        f.AssertNoViolations();
    }

    [Fact]
    public async Task A_person_who_unsubscribes_before_delivery_is_not_handed_off()
    {
        await using var f = await HandOffFixture.StartAsync(extra: new Dictionary<string, string?> { ["HandOff:Enabled"] = "false" });
        var sent = await f.ConfirmAsync();
        using (var contact = Browser.Open(f.App))
            await contact.SubmitAsync(sent.DeclineUrl, new Dictionary<string, string>());
        Assert.Equal(RequestState.Declined, await f.StateAsync(sent.RequestId));
        await f.WebhookAsync();

        // A worker starts only now (a second instance on the same database).
        await using var worker = f.App.Twin(new Dictionary<string, string?> { ["HandOff:Enabled"] = "true" });
        _ = worker.Services;
        var deliveries = await f.WaitForDeliveriesAsync(1, d => d.Status == DeliveryStatus.Cancelled, "the delivery to be cancelled");
        Assert.Contains("withdrew", deliveries[0].LastError, StringComparison.Ordinal);
        Assert.Empty(f.Fake.WebhookAccepted);
        Assert.Equal(RequestState.Declined, await f.StateAsync(sent.RequestId));
    }
}
