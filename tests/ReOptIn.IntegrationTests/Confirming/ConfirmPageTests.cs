using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Confirming;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Confirming;

/// <summary>/c/{token}: visits never confirm; only the form's POST with the box ticked does, and it leaves a receipt.</summary>
public sealed class ConfirmPageTests(ConfirmingApp fixture) : IClassFixture<ConfirmingApp>
{
    private const string PersonAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";
    private readonly ReOptInFactory _app = fixture.App;

    private static Dictionary<string, string> Form(bool consent = true)
    {
        var form = new Dictionary<string, string> { ["Input.FirstName"] = "Janet", ["Input.LastName"] = "Doe-Smith" };
        if (consent) form["Input.Consent"] = "true";
        return form;
    }

    private static FormUrlEncodedContent WithInterests(Dictionary<string, string> form, string token, params string[] interests) =>
        new FormUrlEncodedContent(form.Select(kv => kv).Append(new("__RequestVerificationToken", token))
            .Concat(interests.Select(i => new KeyValuePair<string, string>("Input.Interests", i))));

    [Fact]
    public async Task Ten_gets_and_a_head_do_not_confirm()
    {
        var sent = await ContactFixture.SendAsync(_app);
        using var http = _app.CreateClient();
        string[] agents = ["Mozilla/5.0 (compatible; BingPreview/1.0b)", "python-requests/2.32", "curl/8.5.0", "Mimecast Link Scanner", "Mozilla/5.0 HeadlessChrome/120",
            "Go-http-client/1.1", "", "Proofpoint URL Defense", "Barracuda Sentinel", PersonAgent];
        foreach (var agent in agents)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, sent.ConfirmUrl);
            if (agent.Length > 0) get.Headers.TryAddWithoutValidation("User-Agent", agent);
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(get)).StatusCode);
        }
        using var head = new HttpRequestMessage(HttpMethod.Head, sent.ConfirmUrl);
        head.Headers.TryAddWithoutValidation("User-Agent", PersonAgent);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(head)).StatusCode);

        var request = await ContactFixture.RequestAsync(_app, sent.RequestId);
        Assert.Equal(RequestState.Visited, request.State); // the one person-like GET; visited proves nothing
        Assert.Null(request.ConfirmedAt);
        var visits = await ContactFixture.ReadAsync(_app, db => db.Visits.Where(v => v.RequestId == sent.RequestId).ToListAsync());
        Assert.Equal(11, visits.Count);
        Assert.Equal(10, visits.Count(v => v.Automated));
        Assert.Contains(visits, v => v.Method == "HEAD" && v.AutomatedReason == ScannerDetector.HeadRequest);
        Assert.Contains(visits, v => v.AutomatedReason == ScannerDetector.NoUserAgent);
        Assert.False(await ContactFixture.ReadAsync(_app, db => db.Receipts.AnyAsync(r => r.RequestId == sent.RequestId)));
    }

    [Fact]
    public async Task Scanner_visits_alone_leave_the_request_sent()
    {
        var sent = await ContactFixture.SendAsync(_app);
        using var http = _app.CreateClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (compatible; BingPreview/1.0b)");
        await http.GetAsync(sent.ConfirmUrl);
        Assert.Equal(RequestState.Sent, (await ContactFixture.RequestAsync(_app, sent.RequestId)).State);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_with_a_friendly_page()
    {
        var sent = await ContactFixture.SendAsync(_app);
        using var http = _app.CreateClient();
        var response = await http.PostAsync(sent.ConfirmUrl, new FormUrlEncodedContent(Form()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The form has expired", html, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", html, StringComparison.Ordinal);
        Assert.Equal(RequestState.Sent, (await ContactFixture.RequestAsync(_app, sent.RequestId)).State);
    }

    [Fact]
    public async Task A_post_without_the_box_ticked_does_not_confirm_and_says_why()
    {
        var sent = await ContactFixture.SendAsync(_app);
        using var contact = Browser.Open(_app);
        var response = await contact.SubmitAsync(sent.ConfirmUrl, Form(consent: false));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Please tick the box to confirm. Nothing was saved.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Janet\"", html, StringComparison.Ordinal); // what was typed comes back
        Assert.NotEqual(RequestState.Confirmed, (await ContactFixture.RequestAsync(_app, sent.RequestId)).State);
        Assert.False(await ContactFixture.ReadAsync(_app, db => db.Receipts.AnyAsync(r => r.RequestId == sent.RequestId)));
    }

    [Fact]
    public async Task Confirming_stores_a_receipt_with_every_field_and_shows_the_code()
    {
        var sent = await ContactFixture.SendAsync(_app);
        await using var remote = ClientAddress.From(_app, ClientAddress.Documentation);
        using var contact = new Browser(remote.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        contact.Http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", PersonAgent);
        var page = await contact.GetPageAsync(sent.ConfirmUrl);
        Assert.Contains("j***@example.com", page, StringComparison.Ordinal);
        Assert.DoesNotContain(sent.Email, page, StringComparison.Ordinal);
        Assert.Contains(ContactFixture.Statement, page, StringComparison.Ordinal);
        Assert.DoesNotContain("THANKS10", page, StringComparison.Ordinal); // the code only after confirming
        var before = DateTime.UtcNow;

        var response = await contact.Http.PostAsync(sent.ConfirmUrl, WithInterests(Form(), Browser.TokenIn(page), "Shoes", "Sales", "Not offered"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var thanks = await response.Content.ReadAsStringAsync();
        Assert.Contains("Thank you: it is confirmed", thanks, StringComparison.Ordinal);
        Assert.Contains("THANKS10", thanks, StringComparison.Ordinal);

        var request = await ContactFixture.RequestAsync(_app, sent.RequestId);
        Assert.Equal(RequestState.Confirmed, request.State);
        Assert.NotNull(request.ConfirmedAt);
        var campaign = await ContactFixture.ReadAsync(_app, db => db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == sent.CampaignId));
        var receipt = await ContactFixture.ReadAsync(_app, db => db.Receipts.AsNoTracking().SingleAsync(r => r.RequestId == sent.RequestId));
        Assert.Equal(sent.CampaignId, receipt.CampaignId);
        Assert.Equal(sent.Email, receipt.Email);
        Assert.Equal(ContactFixture.Statement, receipt.ConsentStatement);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ContactFixture.Statement))), receipt.ConsentStatementSha256);
        Assert.Equal(1, receipt.ConsentVersion);
        using var form = JsonDocument.Parse(receipt.FormJson);
        Assert.Equal("Janet", form.RootElement.GetProperty("firstName").GetString());
        Assert.Equal("Doe-Smith", form.RootElement.GetProperty("lastName").GetString());
        Assert.Equal(["Shoes", "Sales"], form.RootElement.GetProperty("interests").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.InRange(receipt.SubmittedAt, before.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(DateTimeKind.Utc, receipt.SubmittedAt.Kind);
        Assert.Equal(PersonAgent, receipt.UserAgent);
        Assert.Equal("203.0.113.7", receipt.IpAddress);
        Assert.Equal(request.MessageId, receipt.MessageId);
        Assert.Equal(request.SentAt, receipt.SentAt);
        Assert.Equal(campaign.ApprovedContentHash, receipt.ApprovedContentHash);
        Assert.NotNull(receipt.ApprovedContentHash);
        Assert.NotNull(receipt.FirstVisitAt);
        Assert.Equal(1, receipt.VisitCount);
        Assert.Equal(0, receipt.AutomatedVisitCount);
        Assert.Equal("en", receipt.Language);
    }

    [Fact]
    public async Task A_replayed_post_shows_already_confirmed_and_changes_nothing()
    {
        var sent = await ContactFixture.SendAsync(_app);
        using var contact = Browser.Open(_app);
        var page = await contact.GetPageAsync(sent.ConfirmUrl);
        var token = Browser.TokenIn(page);
        Assert.Equal(HttpStatusCode.OK, (await contact.Http.PostAsync(sent.ConfirmUrl, WithInterests(Form(), token, "Bags"))).StatusCode);
        var first = await ContactFixture.RequestAsync(_app, sent.RequestId);

        var again = await contact.Http.PostAsync(sent.ConfirmUrl, WithInterests(Form(), token, "Shoes"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("You have already confirmed", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var second = await ContactFixture.RequestAsync(_app, sent.RequestId);
        Assert.Equal(first.ConfirmedAt, second.ConfirmedAt);
        Assert.Equal(first.StateChangedAt, second.StateChangedAt);
        var receipts = await ContactFixture.ReadAsync(_app, db => db.Receipts.Where(r => r.RequestId == sent.RequestId).ToListAsync());
        Assert.Single(receipts);
        Assert.Contains("Bags", receipts[0].FormJson, StringComparison.Ordinal);

        // Opening the link again shows the same, with the promised code.
        var later = await contact.GetPageAsync(sent.ConfirmUrl);
        Assert.Contains("You have already confirmed", later, StringComparison.Ordinal);
        Assert.Contains("THANKS10", later, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_script_in_the_contacts_name_is_shown_as_text()
    {
        var sent = await ContactFixture.SendAsync(_app, email: "xss@example.com", firstName: "<script>alert(1)</script>");
        using var contact = Browser.Open(_app);
        var page = await contact.GetPageAsync(sent.ConfirmUrl);
        Assert.DoesNotContain("<script>alert(1)</script>", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
    }
}
