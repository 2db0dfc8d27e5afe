using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ReOptIn.Core.Composing;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Dispatch;

/// <summary>An app on a fresh database with a sender pointing at a test SMTP server, and the API steps to get a campaign sending.</summary>
internal sealed class DispatchFixture(ReOptInFactory app, ApiClient api, TestSmtpServer smtp) : IAsyncDisposable
{
    public ReOptInFactory App { get; } = app;
    public ApiClient Api { get; } = api;
    public TestSmtpServer Smtp { get; } = smtp;

    public static async Task<DispatchFixture> StartAsync(TestSmtpServerOptions? smtpOptions = null, IDictionary<string, string?>? settings = null, ReOptInFactory? app = null)
    {
        var smtp = await TestSmtpServer.StartAsync(smtpOptions);
        app ??= ReOptInFactory.Sqlite(Settings(settings));
        return new DispatchFixture(app, ApiClient.Open(app), smtp);
    }

    public static Dictionary<string, string?> Settings(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(ApiClient.BootstrapSettings)
        {
            ["Links:PublicBaseUrl"] = "https://optin.example.com",
            ["Sending:PollInterval"] = "00:00:00.200",
            ["Sending:FirstBackoff"] = "00:10:00",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        return settings;
    }

    /// <summary>
    /// Creates a sender; by default it points at <see cref="Smtp"/> without TLS or login. The relay-fault
    /// tests point it elsewhere (<paramref name="host"/>, <paramref name="port"/>) with another
    /// <paramref name="security"/> ("None", "StartTls", "SslOnConnect") and a login.
    /// </summary>
    public async Task<int> CreateSenderAsync(string? dkimKeyPem = null, int perSecond = 1000, int connections = 4,
        string? host = null, int? port = null, string security = "None", string? username = null, string? password = null)
    {
        var response = await Api.Http.PostAsJsonAsync("/api/v1/senders", new
        {
            name = "Relay " + Guid.NewGuid().ToString("N")[..6],
            fromName = "Example Shop",
            fromAddress = "news@shop.example.com",
            postalAddress = "1 Rue de la Paix, 75002 Paris",
            smtp = new { host = host ?? Smtp.Host, port = port ?? Smtp.Port, security, username, password },
            limits = new { connections, perSecond, perDomainPerMinute = 100_000 },
            dkim = dkimKeyPem is null ? null : new { domain = "shop.example.com", selector = "s1", privateKeyPem = dkimKeyPem },
            bounceAddress = "bounces+{id}@bounces.shop.example.com",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    public async Task<int> ImportListAsync(IEnumerable<string> addresses, string name = "Customers")
    {
        var listId = await Api.CreateListAsync(name, "You bought from our shop");
        var csv = "email,first name\n" + string.Concat(addresses.Select((a, i) => $"{a},Person{i}\n"));
        var state = await Api.ImportAsync(listId, Encoding.UTF8.GetBytes(csv), "list.csv");
        Assert.Equal("completed", state.GetProperty("status").GetString());
        return listId;
    }

    /// <summary>Creates, submits and approves a campaign over the lists; returns its id.</summary>
    public async Task<int> ApprovedCampaignAsync(int senderId, params int[] listIds)
    {
        var content = DefaultRequest.For("en");
        var created = await Api.Http.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "Campaign " + Guid.NewGuid().ToString("N")[..6],
            senderId,
            listIds,
            purpose = "a monthly newsletter",
            subject = content.Subject,
            bodyMarkdown = content.BodyMarkdown,
            consentStatement = "Yes, send me the monthly newsletter.",
            language = "en",
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await PostOkAsync($"/api/v1/campaigns/{id}/submit");
        await PostOkAsync($"/api/v1/campaigns/{id}/approve", new { acknowledgeWarnings = true });
        return id;
    }

    public async Task<JsonElement> PostOkAsync(string url, object? body = null)
    {
        var response = await Api.Http.PostAsJsonAsync(url, body ?? new { });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"POST {url} answered {(int)response.StatusCode}: {json}");
        return json;
    }

    public async Task<JsonElement> CampaignAsync(int id) => await Api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}");

    /// <summary>Waits until the campaign reaches <paramref name="status"/>.</summary>
    public async Task<JsonElement> WaitForStatusAsync(int id, string status, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var campaign = await CampaignAsync(id);
            if (campaign.GetProperty("status").GetString() == status) return campaign;
            Assert.True(DateTime.UtcNow < until, $"Campaign {id} is still {campaign.GetProperty("status").GetString()}: {campaign.GetProperty("progress")}");
            await Task.Delay(200);
        }
    }

    public static int State(JsonElement campaign, string state) => campaign.GetProperty("progress").GetProperty("byState").GetProperty(state).GetInt32();

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
