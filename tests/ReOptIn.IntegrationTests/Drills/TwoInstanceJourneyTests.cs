using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Composing;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Drills;

/// <summary>
/// The whole job on two app instances sharing one real PostgreSQL and one upload folder (issue #10),
/// each person's requests alternating between the instances as a load balancer without sticky
/// sessions would send them: setup, a sender, a list uploaded and imported, a campaign written,
/// submitted, approved and launched, contacts confirming and declining, the report and the export.
/// A page loaded from one instance is posted to the other (sign-in cookies and antiforgery tokens
/// work across instances through the shared Data Protection keys).
/// </summary>
public sealed partial class TwoInstanceJourneyTests
{
    private const string MarketerEmail = "mia.marketer@example.com";
    private const string MarketerPassword = "another long password";
    private const int Contacts = 24;
    private static readonly Dictionary<string, string> NoFields = [];

    [Fact(Timeout = 300_000)]
    public async Task A_campaign_runs_start_to_finish_with_every_request_alternating_between_two_instances()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Links:PublicBaseUrl"] = "https://optin.example.com",
            ["Sending:PollInterval"] = "00:00:00.200",
            ["PublicPages:ScannerWindow"] = "00:00:00",
        };
        var first = await ReOptInFactory.PostgreSqlAsync(settings);
        await using var a = first;
        await using var b = first.Twin();
        var balancer = new Balancer(a, b);
        using var admin = balancer.Person();
        using var marketer = balancer.Person();
        using var contact = balancer.Person();

        // First-run setup, a marketer, a sender.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SetUpAdminAsync()).StatusCode);
        await admin.AddUserAsync(MarketerEmail, MarketerPassword, Roles.Marketer);
        var sender = await admin.SubmitAsync("/Admin/Senders/Edit", new Dictionary<string, string>
        {
            ["Input.Name"] = "Shop relay",
            ["Input.FromName"] = "Example Shop",
            ["Input.FromAddress"] = "news@shop.example.com",
            ["Input.PostalAddress"] = "1 Rue de la Paix\n75002 Paris",
            ["Input.SmtpHost"] = smtp.Host,
            ["Input.SmtpPort"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Input.SmtpSecurity"] = "None",
            ["Input.MaxConnections"] = "2",
            ["Input.MessagesPerSecond"] = "100",
            ["Input.PerDomainPerMinute"] = "1000",
        }, "/Admin/Senders/Edit?handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, sender.StatusCode);
        var senderId = sender.Headers.Location!.OriginalString.Split('/').Last();

        // The marketer creates a list and uploads a file (one broken row); the import runs on whichever instance claims it.
        Assert.Equal(HttpStatusCode.Redirect, (await marketer.SignInAsync(MarketerEmail, MarketerPassword)).StatusCode);
        var created = await marketer.SubmitAsync("/Lists/Create", new Dictionary<string, string>
        {
            ["Input.Name"] = "Shop customers",
            ["Input.Source"] = "You bought from our shop",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var listUrl = created.Headers.Location!.OriginalString;
        var listId = listUrl.Split('/').Last();
        var csv = "email,first name\n" + string.Concat(Enumerable.Range(0, Contacts).Select(i => $"person{i}@mail{i % 3}.example.org,Person {i}\n")) + "not an address,Nobody\n";
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var upload = new MultipartFormDataContent { { new StringContent(Browser.TokenIn(await marketer.GetPageAsync(listUrl))), "__RequestVerificationToken" }, { file, "file", "customers.csv" } };
        var review = await marketer.Http.PostAsync($"/Lists/{listId}/Upload", upload);
        Assert.Equal(HttpStatusCode.Redirect, review.StatusCode);
        var reviewUrl = review.Headers.Location!.OriginalString;
        var reviewPage = await marketer.GetPageAsync(reviewUrl);
        var fields = SelectedOption().Matches(reviewPage).Select(m => new KeyValuePair<string, string>("fields", m.Groups[1].Value)).ToList();
        fields.Add(new("__RequestVerificationToken", Browser.TokenIn(reviewPage)));
        var start = await marketer.Http.PostAsync(reviewUrl + "?handler=Start", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var importPage = await WaitForAsync(marketer, start.Headers.Location!.OriginalString, "Done:");
        Assert.Contains($"{Contacts} contacts added or kept from {Contacts + 1} rows", importPage, StringComparison.Ordinal);

        // The request, written by the marketer, approved by the admin, launched.
        var template = DefaultRequest.For("en");
        var campaign = await marketer.SubmitAsync("/Campaigns/Edit", new Dictionary<string, string>
        {
            ["Input.Name"] = "Spring re-permission",
            ["Input.SenderId"] = senderId,
            ["Input.ListIds"] = listId,
            ["Input.Language"] = "en",
            ["Input.Purpose"] = "our monthly newsletter",
            ["Input.Subject"] = template.Subject,
            ["Input.BodyMarkdown"] = template.BodyMarkdown,
            ["Input.ConsentStatement"] = "Yes, send me the monthly newsletter.",
        }, "/Campaigns/Edit?handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, campaign.StatusCode);
        var campaignUrl = campaign.Headers.Location!.OriginalString;
        var campaignId = campaignUrl.Split('/').Last();
        Assert.Equal(HttpStatusCode.Redirect, (await marketer.SubmitAsync(campaignUrl, NoFields, campaignUrl + "?handler=Submit")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync($"/Admin/Approvals/Review/{campaignId}", NoFields, $"/Admin/Approvals/Review/{campaignId}?handler=Approve")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync($"/Admin/Dispatch/{campaignId}", NoFields, $"/Admin/Dispatch/{campaignId}?handler=Launch")).StatusCode);

        // Both instances' workers send; each address gets one message.
        var received = await smtp.WaitForMessagesAsync(Contacts, TimeSpan.FromSeconds(90));
        await Task.Delay(1000);
        Assert.Equal(Contacts, smtp.Received.Count);
        Assert.Equal(Contacts, smtp.Received.SelectMany(m => m.Recipients).Distinct().Count());
        var tokens = received.ToDictionary(m => m.Recipients.Single(), m => LinkToken().Match(m.Message.TextBody!).Groups[1].Value);

        // Three people confirm (the form from one instance, the post to the other), one declines.
        foreach (var who in new[] { "person0@mail0.example.org", "person1@mail1.example.org", "person5@mail2.example.org" })
        {
            var confirmed = await contact.SubmitAsync("/c/" + tokens[who], new Dictionary<string, string> { ["Input.Consent"] = "true" });
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            Assert.Contains("Thank you", await confirmed.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        var declined = await contact.SubmitAsync("/d/" + tokens["person2@mail2.example.org"], NoFields);
        Assert.True(declined.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"POST /d answered {(int)declined.StatusCode}");

        // The report and the export, read from either instance.
        var report = WebUtility.HtmlDecode(await admin.GetPageAsync($"/Campaigns/{campaignId}/Report"));
        Assert.Contains("Confirmed (submitted the form)", report, StringComparison.Ordinal);
        var export = await admin.GetAsync($"/Admin/Campaigns/{campaignId}/Confirmed.csv");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var rows = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains(rows, r => r.Contains("person5@mail2.example.org", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains("person2@mail2.example.org", StringComparison.Ordinal));

        // The balancer really spread the work.
        Assert.True(balancer.Served[0] >= 15 && balancer.Served[1] >= 15, $"requests served: {balancer.Served[0]} and {balancer.Served[1]}");
    }

    private static async Task<string> WaitForAsync(Browser browser, string url, string text)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var page = await browser.GetPageAsync(url);
            if (page.Contains(text, StringComparison.Ordinal)) return page;
            Assert.True(DateTime.UtcNow < until, $"{url} never showed “{text}”.");
            await Task.Delay(250);
        }
    }

    [GeneratedRegex("<select id=\"field-\\d+\".*?<option value=\"([^\"]+)\" selected=\"selected\".*?</select>", RegexOptions.Singleline)]
    private static partial Regex SelectedOption();

    [GeneratedRegex(@"/c/([A-Za-z0-9_-]{54})")]
    private static partial Regex LinkToken();

    /// <summary>
    /// A load balancer without sticky sessions: each request goes to the other instance than the one
    /// before. Each person has their own cookies, kept across both.
    /// </summary>
    private sealed class Balancer(ReOptInFactory a, ReOptInFactory b)
    {
        private readonly HttpMessageInvoker[] _instances = [new(a.Server.CreateHandler()), new(b.Server.CreateHandler())];
        private int _next;

        public int[] Served { get; } = new int[2];

        public Browser Person() =>
            new(new HttpClient(new CookieContainerHandler(new CookieContainer()) { InnerHandler = new RoundRobin(this) }) { BaseAddress = new Uri("http://localhost") });

        private sealed class RoundRobin(Balancer balancer) : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var i = Interlocked.Increment(ref balancer._next) % 2;
                Interlocked.Increment(ref balancer.Served[i]);
                return balancer._instances[i].SendAsync(request, cancellationToken);
            }
        }
    }
}
