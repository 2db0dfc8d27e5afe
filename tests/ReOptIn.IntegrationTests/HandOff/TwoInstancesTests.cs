using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.HandOff;
using ReOptIn.IntegrationTests.Confirming;

namespace ReOptIn.IntegrationTests.HandOff;

/// <summary>Two app instances on one real PostgreSQL share the outbox: each event reaches the receiver once.</summary>
public sealed class TwoInstancesTests
{
    [Fact]
    public async Task Two_instances_deliver_each_event_once()
    {
        await using var f = await HandOffFixture.StartAsync(postgres: true, extra: new Dictionary<string, string?> { ["HandOff:BatchSize"] = "2" });
        await using var second = f.App.Twin();
        _ = second.Services; // its worker joins in
        f.Fake.WebhookDelay = TimeSpan.FromMilliseconds(30);
        await f.WebhookAsync(timeoutSeconds: 10);

        var confirmed = new List<SentRequest>();
        for (var i = 0; i < 40; i++) confirmed.Add(await f.ConfirmAsync(via: i % 2 == 0 ? f.App : second));
        var done = await f.WaitForDeliveriesAsync(40, d => d.Status == DeliveryStatus.Delivered, "every delivery", TimeSpan.FromSeconds(120));
        foreach (var c in confirmed) await f.WaitForStateAsync(c.RequestId, RequestState.HandedOff);

        Assert.Equal(40, f.Fake.WebhookAccepted.Count);
        Assert.All(f.Fake.WebhookAccepted.Values, n => Assert.Equal(1, n));
        Assert.All(done, d => Assert.Equal(1, d.Attempts));
        var byInstance = done.GroupBy(d => d.LeaseOwner).ToDictionary(g => g.Key ?? "", g => g.Count());
        Assert.True(byInstance.Count == 2, "Delivered per instance: " + string.Join(", ", byInstance.Select(i => $"{i.Key}: {i.Value}")));
        f.AssertNoViolations();
    }
}
