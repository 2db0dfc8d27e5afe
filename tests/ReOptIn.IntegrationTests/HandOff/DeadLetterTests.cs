using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.HandOff;
using ReOptIn.IntegrationTests.Confirming;

namespace ReOptIn.IntegrationTests.HandOff;

/// <summary>A permanent refusal parks the delivery with the service's own words; a replay from the dead-letter list delivers it.</summary>
public sealed class DeadLetterTests
{
    [Fact]
    public async Task Mailchimp_and_ActiveCampaign_refusals_are_parked_with_their_message_and_a_replay_delivers_them()
    {
        await using var f = await HandOffFixture.StartAsync();
        // A generous time-out: on a loaded machine a 1 s one turned the refusal into retried time-outs.
        var ac = await f.ActiveCampaignAsync(timeoutSeconds: 10);
        var mc = await f.MailchimpAsync(timeoutSeconds: 10);
        var email = $"refused.{Guid.NewGuid():N}@example.com";
        f.Fake.Refused[email] = true;
        var sent = await f.ConfirmAsync(email);

        var parked = await f.WaitForDeliveriesAsync(2, d => d.Status == DeliveryStatus.Failed, "both deliveries to be parked");
        Assert.All(parked, d => Assert.Equal(1, d.Attempts)); // a 4xx is not retried
        var acError = parked.Single(d => d.DestinationId == ac).LastError!;
        Assert.Contains("answered 422", acError, StringComparison.Ordinal);
        Assert.Contains("Contact Email Address is not valid.", acError, StringComparison.Ordinal);
        var mcError = parked.Single(d => d.DestinationId == mc).LastError!;
        Assert.Contains("answered 400", mcError, StringComparison.Ordinal);
        Assert.Contains("Invalid Resource", mcError, StringComparison.Ordinal);
        Assert.Contains("looks fake or invalid", mcError, StringComparison.Ordinal);
        Assert.DoesNotContain(email, mcError, StringComparison.OrdinalIgnoreCase); // masked
        Assert.Equal(RequestState.Confirmed, await f.StateAsync(sent.RequestId));

        // The dead-letter list as the API shows it.
        var failed = await f.Api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/destinations/{mc}/deliveries?status=failed");
        var row = Assert.Single(failed.EnumerateArray());
        Assert.Equal("failed", row.GetProperty("status").GetString());
        Assert.Equal(1, row.GetProperty("attempts").GetInt32());
        Assert.Contains("looks fake or invalid", row.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var eventId = row.GetProperty("eventId").GetInt64();

        // The address is corrected on their side; an Admin replays both.
        f.Fake.Refused.Clear();
        foreach (var destination in new[] { ac, mc })
        {
            var replay = await f.Api.Http.PostAsync($"/api/v1/destinations/{destination}/deliveries/{eventId}/replay", null);
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        }
        await f.WaitForStateAsync(sent.RequestId, RequestState.HandedOff);
        Assert.Single(f.Fake.McPuts);
        Assert.Single(f.Fake.AcSubscriptions);

        // A delivered one is not in the dead-letter list: replaying it is refused.
        var again = await f.Api.Http.PostAsync($"/api/v1/destinations/{mc}/deliveries/{eventId}/replay", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("not-dead-lettered", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var audit = await ContactFixture.ReadAsync(f.App, db => db.AuditLog.Where(a => a.Action == AuditActions.DeliveryReplayed).CountAsync());
        Assert.Equal(2, audit);
        f.AssertNoViolations();
    }
}
