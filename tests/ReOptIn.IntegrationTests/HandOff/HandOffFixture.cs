using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.HandOff;
using ReOptIn.IntegrationTests.Confirming;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.HandOff;

/// <summary>An app whose destinations point at <see cref="FakeMarketingServices"/>, with short backoffs, and the steps the tests share.</summary>
internal sealed class HandOffFixture(ReOptInFactory app, ApiClient api, FakeMarketingServices fake) : IAsyncDisposable
{
    public ReOptInFactory App { get; } = app;
    public ApiClient Api { get; } = api;
    public FakeMarketingServices Fake { get; } = fake;

    public static async Task<HandOffFixture> StartAsync(bool postgres = false, IDictionary<string, string?>? extra = null)
    {
        var fake = await FakeMarketingServices.StartAsync();
        var settings = Settings(fake, extra);
        var app = postgres ? await ReOptInFactory.PostgreSqlAsync(settings) : ReOptInFactory.Sqlite(settings);
        return new HandOffFixture(app, ApiClient.Open(app), fake);
    }

    public static Dictionary<string, string?> Settings(FakeMarketingServices fake, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(ApiClient.BootstrapSettings)
        {
            ["HandOff:PollInterval"] = "00:00:00.100",
            ["HandOff:FirstBackoff"] = "00:00:00.200",
            ["HandOff:MaxBackoff"] = "00:00:01",
            ["HandOff:MailchimpBaseUrl"] = fake.McBaseUrlPattern,
        };
        foreach (var (k, v) in ContactFixture.Settings()) settings[k] = v;
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        return settings;
    }

    public Task<int> WebhookAsync(int timeoutSeconds = 1) => CreateAsync(new
    {
        name = "Webhook " + Guid.NewGuid().ToString("N")[..6], type = "webhook", url = Fake.WebhookUrl, secret = FakeMarketingServices.WebhookSecret, timeoutSeconds,
    });

    public Task<int> ActiveCampaignAsync(bool tag = false, int timeoutSeconds = 1) => CreateAsync(new
    {
        name = "ActiveCampaign " + Guid.NewGuid().ToString("N")[..6], type = "activecampaign", baseUrl = Fake.AcBaseUrl, apiKey = FakeMarketingServices.AcToken,
        listId = "2", tagId = tag ? FakeMarketingServices.AcTag : null, consentTimeFieldId = "1", ipFieldId = "2", sourceFieldId = "3", timeoutSeconds,
    });

    public Task<int> MailchimpAsync(int timeoutSeconds = 1) => CreateAsync(new
    {
        name = "Mailchimp " + Guid.NewGuid().ToString("N")[..6], type = "mailchimp", apiKey = FakeMarketingServices.McKey, listId = FakeMarketingServices.McList,
        mergeFields = new Dictionary<string, string> { ["CONSENTAT"] = "confirmedAt", ["SOURCE"] = "source" },
        marketingPermissionIds = new[] { FakeMarketingServices.McPermission }, timeoutSeconds,
    });

    private async Task<int> CreateAsync(object body)
    {
        var response = await Api.Http.PostAsJsonAsync("/api/v1/destinations", body);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/v1/destinations answered {(int)response.StatusCode}: {json}");
        return JsonDocument.Parse(json).RootElement.GetProperty("id").GetInt32();
    }

    /// <summary>A sent request, confirmed the way a person does it: the form's POST to /c/{token}.</summary>
    public async Task<SentRequest> ConfirmAsync(string? email = null, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>? via = null)
    {
        var sent = await ContactFixture.SendAsync(App, email);
        using var contact = new Browser((via ?? App).CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        var response = await contact.SubmitAsync(sent.ConfirmUrl, new Dictionary<string, string>
        {
            ["Input.FirstName"] = "Jane", ["Input.LastName"] = "Doe", ["Input.Consent"] = "true", ["Input.Interests"] = "Shoes",
        });
        var page = await response.Content.ReadAsStringAsync();
        // The page's heading says which answer came instead (already confirmed, unavailable, form expired…).
        var heading = System.Text.RegularExpressions.Regex.Match(page, "<h1[^>]*>(.*?)</h1>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value.Trim();
        Assert.True(response.StatusCode == HttpStatusCode.OK && page.Contains("Thank you: it is confirmed", StringComparison.Ordinal),
            $"POST {sent.ConfirmUrl[..14]}… answered {(int)response.StatusCode} \"{heading}\" instead of the thank-you page.");
        return sent;
    }

    public Task<List<HandOffDelivery>> DeliveriesAsync() =>
        ContactFixture.ReadAsync(App, db => db.HandOffDeliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync());

    /// <summary>Waits until every delivery satisfies <paramref name="condition"/> (and there are <paramref name="count"/>).</summary>
    public async Task<List<HandOffDelivery>> WaitForDeliveriesAsync(int count, Func<HandOffDelivery, bool> condition, string what, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var all = await DeliveriesAsync();
            if (all.Count == count && all.All(condition)) return all;
            Assert.True(DateTime.UtcNow < until, $"Waiting for {what}: " + string.Join(" | ", all.Select(d => $"{d.EventId}→{d.DestinationId} {d.Status} x{d.Attempts} {d.LastError}")));
            await Task.Delay(100);
        }
    }

    public async Task<RequestState> StateAsync(long requestId) => (await ContactFixture.RequestAsync(App, requestId)).State;

    public async Task WaitForStateAsync(long requestId, RequestState state, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (await StateAsync(requestId) != state)
        {
            Assert.True(DateTime.UtcNow < until, $"Request {requestId} is still {await StateAsync(requestId)}, expected {state}.");
            await Task.Delay(100);
        }
    }

    public void AssertNoViolations() => Assert.True(Fake.Violations.IsEmpty, "Contract violations: " + string.Join(" | ", Fake.Violations));

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await App.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
