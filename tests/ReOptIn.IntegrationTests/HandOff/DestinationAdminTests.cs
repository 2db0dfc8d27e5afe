using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.HandOff;
using ReOptIn.IntegrationTests.Confirming;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.HandOff;

/// <summary>Destinations as an Admin manages them: clear refusals, secrets never shown, the pages, the audit log.</summary>
public sealed class DestinationAdminTests
{
    [Fact]
    public async Task Bad_destinations_are_refused_field_by_field_and_secrets_are_never_returned()
    {
        await using var f = await HandOffFixture.StartAsync(extra: new Dictionary<string, string?> { ["HandOff:Enabled"] = "false" });
        var bad = await f.Api.Http.PostAsJsonAsync("/api/v1/destinations", new { type = "activecampaign", name = "AC", baseUrl = "not a url", listId = "list" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("API URL", errors.GetProperty("baseUrl")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("API key", errors.GetProperty("apiKey")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("number", errors.GetProperty("listId")[0].GetString(), StringComparison.Ordinal);

        var noDc = await f.Api.Http.PostAsJsonAsync("/api/v1/destinations", new { type = "mailchimp", name = "MC", apiKey = "abcdef", listId = "a1" });
        Assert.Contains("-us21", (await noDc.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("apiKey")[0].GetString(), StringComparison.Ordinal);
        var unknown = await f.Api.Http.PostAsJsonAsync("/api/v1/destinations", new { type = "brevo", name = "B" });
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("type", out _));

        var id = await f.WebhookAsync();
        await f.ActiveCampaignAsync();
        var list = await f.Api.Http.GetStringAsync("/api/v1/destinations");
        Assert.DoesNotContain(FakeMarketingServices.WebhookSecret, list, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeMarketingServices.AcToken, list, StringComparison.Ordinal);
        Assert.Contains("\"hasSecret\":true", list, StringComparison.Ordinal);
        var stored = await ContactFixture.ReadAsync(f.App, db => db.Destinations.AsNoTracking().Select(d => d.SecretProtected).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.All(stored, s => Assert.True(s.Length > 50 && !s.Contains(FakeMarketingServices.WebhookSecret, StringComparison.Ordinal) && !s.Contains(FakeMarketingServices.AcToken, StringComparison.Ordinal)));

        var missing = await f.Api.Http.PostAsync("/api/v1/destinations/9999/deliveries/1/replay", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("no-such-destination", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var deleted = await f.Api.Http.DeleteAsync($"/api/v1/destinations/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var actions = await ContactFixture.ReadAsync(f.App, db => db.AuditLog.Select(a => a.Action).ToListAsync());
        Assert.Equal(2, actions.Count(a => a == AuditActions.DestinationCreated));
        Assert.Contains(AuditActions.DestinationDeleted, actions);
    }

    [Fact]
    public async Task An_admin_adds_a_webhook_on_the_page_sees_a_failed_delivery_and_replays_it()
    {
        await using var f = await HandOffFixture.StartAsync();
        using var admin = Browser.Open(f.App);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SignInAsync(ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!, ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!)).StatusCode);
        Assert.Contains("/Admin/Destinations", await admin.GetPageAsync("/Index"), StringComparison.Ordinal);

        var refused = await admin.SubmitAsync("/Admin/Destinations/Edit", new Dictionary<string, string>
        {
            ["Input.Name"] = "CRM hook", ["Input.Type"] = "webhook", ["Input.Url"] = f.Fake.WebhookUrl, ["Input.Secret"] = "short", ["Input.TimeoutSeconds"] = "1",
        }, "/Admin/Destinations/Edit?handler=Save");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("At least 16 characters", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var saved = await admin.SubmitAsync("/Admin/Destinations/Edit", new Dictionary<string, string>
        {
            ["Input.Name"] = "CRM hook", ["Input.Type"] = "webhook", ["Input.Url"] = f.Fake.WebhookUrl, ["Input.Secret"] = FakeMarketingServices.WebhookSecret, ["Input.TimeoutSeconds"] = "1",
        }, "/Admin/Destinations/Edit?handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var editUrl = saved.Headers.Location!.OriginalString;
        var id = int.Parse(editUrl.Split('/').Last().Split('?')[0], System.Globalization.CultureInfo.InvariantCulture);
        var edit = await admin.GetPageAsync(editUrl);
        Assert.DoesNotContain(FakeMarketingServices.WebhookSecret, edit, StringComparison.Ordinal);

        var tested = await admin.SubmitAsync(editUrl, new Dictionary<string, string>(), $"/Admin/Destinations/Edit/{id}?handler=Test");
        Assert.Contains("The destination answered as expected.", await tested.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The receiver refuses for good (a 4xx): the delivery lands in the failed list with its answer.
        f.Fake.WebhookRefusal = 422;
        var sent = await f.ConfirmAsync();
        var parked = await f.WaitForDeliveriesAsync(1, d => d.Status == DeliveryStatus.Failed, "the refused delivery");
        var failedList = await admin.GetPageAsync($"/Admin/Destinations/Deliveries/{id}?status=failed");
        Assert.Contains("answered 422", failedList, StringComparison.Ordinal);
        Assert.Contains("No such customer list in the CRM", failedList, StringComparison.Ordinal);

        // Fixed on the receiver's side; the Admin replays it from the page.
        f.Fake.WebhookRefusal = null;
        var replay = await admin.SubmitAsync($"/Admin/Destinations/Deliveries/{id}?status=failed", new Dictionary<string, string>(),
            $"/Admin/Destinations/Deliveries/{id}?handler=Replay&eventId={parked[0].EventId}");
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        await f.WaitForStateAsync(sent.RequestId, RequestState.HandedOff);
        var deliveries = await admin.GetPageAsync($"/Admin/Destinations/Deliveries/{id}");
        Assert.Contains(">delivered<", deliveries, StringComparison.Ordinal);
        Assert.Equal(1, f.Fake.WebhookAccepted[parked[0].EventId]);
        Assert.Contains(AuditActions.DeliveryReplayed, await ContactFixture.ReadAsync(f.App, db => db.AuditLog.Select(a => a.Action).ToListAsync()));
        Assert.Contains(AuditActions.DestinationTested, await ContactFixture.ReadAsync(f.App, db => db.AuditLog.Select(a => a.Action).ToListAsync()));
    }
}
