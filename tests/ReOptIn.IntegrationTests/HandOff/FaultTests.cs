using ReOptIn.Core.Campaigns;
using ReOptIn.Core.HandOff;

namespace ReOptIn.IntegrationTests.HandOff;

/// <summary>
/// The services fail for a while (500s, 429s with Retry-After, no answer, connection refused), then
/// recover: every confirmed contact reaches every destination exactly once, and only then is the
/// request handed off.
/// </summary>
public sealed class FaultTests
{
    [Fact]
    public async Task Every_event_reaches_every_destination_exactly_once_after_the_services_recover()
    {
        await using var f = await HandOffFixture.StartAsync();
        await f.WebhookAsync();
        await f.ActiveCampaignAsync();
        await f.MailchimpAsync();

        f.Fake.Fault = Fault.ServerError;
        var confirmed = new List<Confirming.SentRequest>();
        for (var i = 0; i < 6; i++) confirmed.Add(await f.ConfirmAsync());
        const int Deliveries = 6 * 3;

        await f.WaitForDeliveriesAsync(Deliveries, d => d.LastError?.Contains("answered 500", StringComparison.Ordinal) == true, "every delivery to meet a 500");
        Assert.All(confirmed, c => Assert.Equal(RequestState.Confirmed, f.StateAsync(c.RequestId).Result));

        f.Fake.Fault = Fault.TooManyRequests;
        await f.WaitForDeliveriesAsync(Deliveries, d => d.LastError?.Contains("answered 429", StringComparison.Ordinal) == true, "every delivery to meet a 429");

        f.Fake.Fault = Fault.Hang;
        await f.WaitForDeliveriesAsync(Deliveries, d => d.LastError?.Contains("no answer within 1 s", StringComparison.Ordinal) == true, "every delivery to time out");

        await f.Fake.StopAsync();
        f.Fake.Fault = Fault.None;
        await f.WaitForDeliveriesAsync(Deliveries, d => d.LastError?.Contains("refused", StringComparison.Ordinal) == true, "every delivery to be refused a connection");

        await f.Fake.RestartAsync();
        var done = await f.WaitForDeliveriesAsync(Deliveries, d => d.Status == DeliveryStatus.Delivered, "every delivery to succeed");
        foreach (var c in confirmed) await f.WaitForStateAsync(c.RequestId, RequestState.HandedOff);

        Assert.All(done, d => Assert.True(d.Attempts >= 5, $"Delivery {d.Id} took {d.Attempts} tries."));
        Assert.All(done, d => Assert.Null(d.LastError));
        // Exactly once: one accepted webhook per event, one contact and one subscription per address, one member per address.
        Assert.Equal(6, f.Fake.WebhookAccepted.Count);
        Assert.All(f.Fake.WebhookAccepted.Values, n => Assert.Equal(1, n));
        Assert.Equal(confirmed.Select(c => c.Email).Order(StringComparer.OrdinalIgnoreCase), f.Fake.AcContacts.Keys.Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(6, f.Fake.AcSubscriptions.Count);
        Assert.All(f.Fake.AcSubscriptions.Values, n => Assert.Equal(1, n));
        Assert.Equal(6, f.Fake.McPuts.Count);
        Assert.All(f.Fake.McPuts.Values, n => Assert.Equal(1, n));
        f.AssertNoViolations();
        Assert.DoesNotContain(confirmed[0].Email, f.App.ReadLogs(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_delivery_still_failing_after_the_retry_window_goes_to_the_dead_letter_list()
    {
        await using var f = await HandOffFixture.StartAsync(extra: new Dictionary<string, string?> { ["HandOff:RetryFor"] = "00:00:02" });
        await f.WebhookAsync();
        f.Fake.Fault = Fault.ServerError;
        var sent = await f.ConfirmAsync();

        var parked = await f.WaitForDeliveriesAsync(1, d => d.Status == DeliveryStatus.Failed, "the delivery to give up");
        Assert.StartsWith("Gave up after", parked[0].LastError, StringComparison.Ordinal);
        Assert.Contains("answered 500", parked[0].LastError, StringComparison.Ordinal);
        Assert.True(parked[0].Attempts > 1);
        Assert.Equal(RequestState.Confirmed, await f.StateAsync(sent.RequestId));
    }
}
