using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReOptIn.Core.Composing;
using ReOptIn.IntegrationTests.Confirming;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Proof;

/// <summary>
/// Hostile input in every field a person can fill, for the XSS, mail-header and secrets drills.
/// Every payload runs only if the markup is not escaped: it sets <c>window.__xss</c> to its tag or
/// opens a dialog.
/// </summary>
internal static class Payload
{
    public static string For(string tag) =>
        $"{tag}<script>window.__xss='{tag}'</script>\"><img src=x onerror=\"window.__xss='{tag}'\"></textarea></title><svg onload=alert('{tag}')>";

    /// <summary>The part a reader must see as text when the field is shown escaped.</summary>
    public static string Visible(string tag) => $"<script>window.__xss='{tag}'</script>";

    public const string JavaScriptLink = "javascript:window.__xss='href'";

    /// <summary>An attempt to add a header through a name: CR/LF then a Bcc line.</summary>
    public const string HeaderInjection = "\r\nBcc: injected@evil.example\r\nX-Injected: yes";
}

/// <summary>
/// One app (SQLite, Kestrel, Chromium) taken through a whole campaign with hostile text everywhere:
/// a sender, a webhook and an API key with known secrets; a list imported through the upload page
/// with payloads in the display name, names, custom attributes, provenance and a rejected row; a
/// campaign with payloads in its name, subject, body, consent statement, interests and incentive;
/// a test send, the real send through a real SMTP server with a login, one contact confirming
/// with payloads typed in the form and one declining.
/// </summary>
public sealed partial class PoisonedApp : IAsyncLifetime
{
    public const string Collection = "Poisoned app";

    public const string SmtpUser = "relay-user";
    public static readonly string SmtpPassword = "Smtp-Pw-" + Guid.NewGuid().ToString("N");
    public static readonly string WebhookSecret = "whsec-" + Guid.NewGuid().ToString("N");
    public static readonly string[] ContactAddresses = ["alice.xss@example.com", "bob.xss@example.com", "carol.xss@example.com"];
    public const string TestRecipient = "tester.xss@shop.example.com";

    public ChromiumApp Host { get; private set; } = null!;
    public ReOptInFactory App => Host.App;
    public TestSmtpServer Smtp { get; private set; } = null!;
    public ApiClient Api { get; private set; } = null!;
    public Browser Admin { get; private set; } = null!;
    public int ListId { get; private set; }
    public long ImportId { get; private set; }
    public int CampaignId { get; private set; }
    public string CreatedApiKey { get; private set; } = "";
    public string DkimKeyBody { get; private set; } = "";

    /// <summary>The link token of each contact, read from the message they received.</summary>
    public Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Dialogs Chromium opened on any page (each would be an executed payload).</summary>
    public List<string> Dialogs { get; } = [];

    /// <summary>Unsafe markup found on any page (see <see cref="Check"/>).</summary>
    public List<string> Findings { get; } = [];

    /// <summary>The visible text of every page checked, by path and query.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Texts { get; } = new(StringComparer.Ordinal);

    internal HashSet<IPage> Watched { get; } = [];

    public async Task InitializeAsync()
    {
        Smtp = await TestSmtpServer.StartAsync(new TestSmtpServerOptions { User = SmtpUser, Password = SmtpPassword });
        var settings = new Dictionary<string, string?>(ApiClient.BootstrapSettings)
        {
            ["Links:PublicBaseUrl"] = "https://optin.example.com",
            ["Sending:PollInterval"] = "00:00:00.200",
        };
        foreach (var (k, v) in ContactFixture.Settings()) settings[k] = v;
        Host = await ChromiumApp.StartAsync(ReOptInFactory.Sqlite(settings));
        Api = Host.OpenApi();
        Admin = Host.OpenHttpBrowser();
        await Admin.SignInAsync(ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!, ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!);
        CreatedApiKey = await Admin.CreateApiKeyAsync("drill key");

        var senderId = await CreateSenderAsync();
        await PostOkAsync("/api/v1/destinations", new { name = "Webhook " + Payload.For("dest"), type = "webhook", url = "http://127.0.0.1:9/hook", secret = WebhookSecret, timeoutSeconds = 1 });
        ListId = await Api.CreateListAsync(Payload.For("list"), Payload.For("src"));
        ImportId = await ImportThroughThePageAsync();
        CampaignId = await CampaignAsync(senderId);
        await SendAndRespondAsync();
        await UploadBouncesAsync();
    }

    /// <summary>A returned message uploaded under a hostile file name: the upload list and the job page show it.</summary>
    private async Task UploadBouncesAsync()
    {
        var page = await Admin.GetPageAsync("/Admin/Bounces/Upload");
        var file = new ByteArrayContent(Bounces.BounceMail.Sample("lhost-postfix-02.eml"));
        var form = new MultipartFormDataContent { { new StringContent(Browser.TokenIn(page)), "__RequestVerificationToken" }, { file, "file", "<svg onload=alert('bounces')><img src=x onerror=window.__xss='bounces'>.eml" } };
        var response = await Admin.Http.PostAsync("/Admin/Bounces/Upload", form);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        Admin?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
        if (Smtp is not null) await Smtp.DisposeAsync();
    }

    private async Task<int> CreateSenderAsync()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        DkimKeyBody = pem.Split('\n')[2].Trim(); // a line of the key itself, not the PEM armour
        var json = await PostOkAsync("/api/v1/senders", new
        {
            name = Payload.For("sender"),
            fromName = "Example Shop",
            fromAddress = "news@shop.example.com",
            postalAddress = Payload.For("postal"),
            smtp = new { host = Smtp.Host, port = Smtp.Port, security = "None", username = SmtpUser, password = SmtpPassword },
            limits = new { connections = 2, perSecond = 100, perDomainPerMinute = 1000 },
            dkim = new { domain = "shop.example.com", selector = "s1", privateKeyPem = pem },
            bounceAddress = "bounces+{id}@bounces.shop.example.com",
        });
        return json.GetProperty("id").GetInt32();
    }

    private static string Csv(params string[] cells) => string.Join(",", cells.Select(c => "\"" + c.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")) + "\r\n";

    /// <summary>Uploads through the list page, reviews and starts the import in Chromium (the review page shows the payloads).</summary>
    private async Task<long> ImportThroughThePageAsync()
    {
        var csv = Csv("email", "first name", "last name", "company", "website", Payload.For("hdr"))
            + Csv($"{Payload.For("disp")} <{ContactAddresses[0]}>", "", "", Payload.For("attr"), Payload.JavaScriptLink, "x")
            + Csv(ContactAddresses[1], Payload.For("first") + Payload.HeaderInjection, Payload.For("last") + Payload.HeaderInjection, Payload.For("attr"), Payload.JavaScriptLink, "y")
            + Csv(ContactAddresses[2], "Carol", "Decline", "", "", "")
            + Csv(Payload.For("reject"), "Rejected", "Row", Payload.For("attr"), Payload.JavaScriptLink, "z");
        var page = await Admin.GetPageAsync($"/Lists/{ListId}");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent { { new StringContent(Browser.TokenIn(page)), "__RequestVerificationToken" }, { file, "file", "<svg onload=alert('file')>.csv" } };
        var review = await Admin.Http.PostAsync($"/Lists/{ListId}/Upload", form);
        Assert.True(review.StatusCode == HttpStatusCode.Redirect, "The upload was refused: " + Regex.Match(await review.Content.ReadAsStringAsync(), "role=\"alert\"[^>]*>(.*?)</div>", RegexOptions.Singleline).Groups[1].Value);
        var reviewUrl = review.Headers.Location!.OriginalString;
        var importId = long.Parse(ImportIdPattern().Match(reviewUrl).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        await using var context = await Host.NewContextAsync();
        var chromium = await SignedInAsync(context);
        await Check.PageAsync(this, chromium, reviewUrl);
        await chromium.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await chromium.GetByText("Done:").WaitForAsync(new() { Timeout = ChromiumApp.SlowMachineTimeout });
        return importId;
    }

    private async Task<int> CampaignAsync(int senderId)
    {
        var content = DefaultRequest.For("en");
        var created = await PostOkAsync("/api/v1/campaigns", new
        {
            name = Payload.For("campaign"),
            senderId,
            listIds = new[] { ListId },
            purpose = Payload.For("purpose"),
            provenance = (string?)null,
            subject = "May we keep writing to you? " + Payload.Visible("subject"),
            bodyMarkdown = content.BodyMarkdown + "\n\n" + Payload.For("body") + $"\n\n[a link]({Payload.JavaScriptLink}) and <a href=\"{Payload.JavaScriptLink}\">another</a>\n",
            consentStatement = Payload.For("consent"),
            language = "en",
            askName = true,
            interestOptions = new[] { Payload.For("interest"), "Shoes" },
            incentive = new { description = Payload.For("incentive"), code = "THANKS10" },
        });
        var id = created.GetProperty("id").GetInt32();
        var bob = (await Api.ContactsAsync(ListId)).GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("email").GetString() == ContactAddresses[1]).GetProperty("id").GetInt64();
        await PostOkAsync($"/api/v1/campaigns/{id}/test-send", new { to = TestRecipient, contactId = bob });
        await PostOkAsync($"/api/v1/campaigns/{id}/submit", new { });
        await PostOkAsync($"/api/v1/campaigns/{id}/approve", new { acknowledgeWarnings = true });
        return id;
    }

    private async Task SendAndRespondAsync()
    {
        await PostOkAsync($"/api/v1/campaigns/{CampaignId}/launch", new { });
        var received = await Smtp.WaitForMessagesAsync(1 + ContactAddresses.Length, TimeSpan.FromSeconds(30));
        foreach (var message in received.Where(m => m.Recipients.Any(r => ContactAddresses.Contains(r))))
            Tokens[message.Recipients.Single()] = ConfirmLink().Match(message.Message.TextBody ?? "").Groups[1].Value;
        Assert.Equal(ContactAddresses.Length, Tokens.Count);

        await using var context = await Host.NewContextAsync();
        var page = await context.NewPageAsync();
        await Check.PageAsync(this, page, "/c/" + Tokens[ContactAddresses[1]]);
        await page.GetByLabel("First name").FillAsync(Payload.For("typed"));
        await page.GetByLabel("Last name").FillAsync(Payload.For("typed"));
        await page.Locator("#interest-0").CheckAsync();
        await page.Locator("#consent").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, send me these emails" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Thank you: it is confirmed" }).WaitForAsync();
        await Check.LoadedAsync(this, page);

        await Check.PageAsync(this, page, "/d/" + Tokens[ContactAddresses[2]]);
        await page.GetByRole(AriaRole.Button).First.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        await Check.LoadedAsync(this, page);
    }

    public async Task<IPage> SignedInAsync(IBrowserContext context) =>
        await Host.SignInAsync(context, ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!, ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!);

    private async Task<JsonElement> PostOkAsync(string url, object body)
    {
        var response = await Api.Http.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {url} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    [GeneratedRegex(@"/Imports/(\d+)")]
    private static partial Regex ImportIdPattern();

    [GeneratedRegex(@"https://optin\.example\.com/c/([A-Za-z0-9_\-]+)")]
    private static partial Regex ConfirmLink();
}

[CollectionDefinition(PoisonedApp.Collection)]
public sealed class PoisonedAppCollection : ICollectionFixture<PoisonedApp>;
