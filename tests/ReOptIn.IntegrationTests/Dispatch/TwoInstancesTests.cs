using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Dispatch;

/// <summary>Two app instances on one real PostgreSQL share the queue: each address once, and both do some of the work.</summary>
public sealed class TwoInstancesTests
{
    [Fact]
    public async Task Two_instances_send_five_thousand_requests_each_address_exactly_once()
    {
        var first = await ReOptInFactory.PostgreSqlAsync(DispatchFixture.Settings());
        await using var f = await DispatchFixture.StartAsync(app: first);
        await using var second = first.Twin();
        _ = second.Services;   // start the second host: its sending worker joins in

        var senderId = await f.CreateSenderAsync(connections: 2);
        var addresses = Enumerable.Range(0, 5000).Select(i => $"r{i}@d{i % 50}.example.org").ToList();
        var listId = await f.ImportListAsync(addresses);
        var id = await f.ApprovedCampaignAsync(senderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{id}/launch");
        var done = await f.WaitForStatusAsync(id, "Sent", TimeSpan.FromSeconds(300));

        Assert.Equal(5000, DispatchFixture.State(done, "sent"));
        var recipients = f.Smtp.Received.Select(m => m.Recipients.Single()).ToList();
        Assert.Equal(5000, recipients.Count);
        Assert.Equal(addresses.Order(StringComparer.Ordinal), recipients.Order(StringComparer.Ordinal));

        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var byInstance = await db.Requests.Where(r => r.State == RequestState.Sent)
            .Select(r => r.LeaseOwner!).ToListAsync();
        var instances = byInstance.GroupBy(o => string.Join('/', o.Split('/').Take(3))).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(instances.Count == 2 && instances.Values.All(n => n > 0), "Sent per instance: " + string.Join(", ", instances.Select(i => $"{i.Key}: {i.Value}")));
    }
}
