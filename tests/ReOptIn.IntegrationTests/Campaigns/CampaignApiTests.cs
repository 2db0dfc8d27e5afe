using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Composing;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Campaigns;

/// <summary>
/// Senders and campaigns through the API, as a script would drive them: compose, lint, preview,
/// test-send to a real SMTP server, submit, approve, and what an edit does to an approval.
/// </summary>
public sealed class CampaignApiTests : IAsyncLifetime
{
    private const string RelayUser = "relay-user";
    private const string RelayPassword = "relay password that must never leak";
    private TestSmtpServer _smtp = null!;
    private ReOptInFactory _app = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _smtp = await TestSmtpServer.StartAsync(new TestSmtpServerOptions { User = RelayUser, Password = RelayPassword });
        _app = ReOptInFactory.Sqlite(new Dictionary<string, string?>(ApiClient.BootstrapSettings) { ["Links:PublicBaseUrl"] = "https://optin.example.com" });
        _api = ApiClient.Open(_app);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private object SenderBody(string name = "Shop relay") => new
    {
        name,
        fromName = "Example Shop",
        fromAddress = "news@shop.example.com",
        replyTo = "care@shop.example.com",
        postalAddress = "1 Rue de la Paix, 75002 Paris, France",
        smtp = new { host = _smtp.Host, port = _smtp.Port, security = "None", username = RelayUser, password = RelayPassword },
        limits = new { connections = 2, perSecond = 20, perDomainPerMinute = 60 },
        bounceAddress = "bounces+{id}@shop.example.com",
    };

    private async Task<int> CreateSenderAsync()
    {
        var response = await _api.Http.PostAsJsonAsync("/api/v1/senders", SenderBody());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private async Task<int> ImportedListAsync(string csv)
    {
        var listId = await _api.CreateListAsync("Shop customers", "You bought from our online shop between 2016 and 2021");
        var state = await _api.ImportAsync(listId, Encoding.UTF8.GetBytes(csv), "customers.csv");
        Assert.Equal("completed", state.GetProperty("status").GetString());
        return listId;
    }

    private static object CampaignBody(int senderId, int listId, RequestContent content, string purpose = "a monthly newsletter about new products") => new
    {
        name = "Spring re-permission",
        senderId,
        listIds = new[] { listId },
        purpose,
        subject = content.Subject,
        bodyMarkdown = content.BodyMarkdown,
        consentStatement = "Yes, send me the monthly newsletter. I can unsubscribe at any time.",
        language = content.Language,
        incentive = new { description = "10% off your next order", code = "SPRING10" },
    };

    [Fact]
    public async Task A_sender_keeps_its_secrets_encrypted_and_never_returns_them()
    {
        var id = await CreateSenderAsync();
        var shown = await _api.Http.GetStringAsync($"/api/v1/senders/{id}");
        Assert.DoesNotContain(RelayPassword, shown, StringComparison.Ordinal);
        Assert.Contains("\"hasPassword\":true", shown, StringComparison.Ordinal);
        Assert.Contains("\"security\":\"None\"", shown, StringComparison.Ordinal);

        await using var scope = _app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<ReOptInDb>().Senders.AsNoTracking().SingleAsync(s => s.Id == id);
        Assert.NotNull(stored.SmtpPasswordProtected);
        Assert.DoesNotContain(RelayPassword, stored.SmtpPasswordProtected, StringComparison.Ordinal);
        // The database file and its write-ahead log, byte for byte.
        foreach (var file in new[] { _app.SqliteFile, _app.SqliteFile + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            Assert.DoesNotContain(RelayPassword, await reader.ReadToEndAsync(), StringComparison.Ordinal);
        }

        // The stored password works: the connection test signs in with it.
        var test = await _api.Http.PostAsync($"/api/v1/senders/{id}/test-connection", null);
        var result = await test.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
    }

    [Fact]
    public async Task A_sender_with_bad_fields_is_refused_field_by_field()
    {
        var response = await _api.Http.PostAsJsonAsync("/api/v1/senders", new
        {
            name = "Broken",
            fromName = "Shop",
            fromAddress = "not an address",
            postalAddress = "",
            smtp = new { host = "smtp.example.com", port = 70000, security = "StartTls" },
            limits = new { connections = 0, perSecond = 5, perDomainPerMinute = 60 },
            dkim = new { domain = "example.com", selector = "s1", privateKeyPem = "-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----" },
            bounceAddress = "bounces@{id}.example.com",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "fromAddress", "postalAddress", "smtp.port", "limits.connections", "dkim.privateKeyPem", "bounceAddress" })
            Assert.True(errors.TryGetProperty(field, out _), $"No error for {field}: {errors}");
    }

    [Fact]
    public async Task The_lint_endpoint_answers_with_the_rules_findings()
    {
        var clean = await _api.Http.PostAsJsonAsync("/api/v1/lint", new { subject = DefaultRequest.For("fr").Subject, bodyMarkdown = DefaultRequest.For("fr").BodyMarkdown, language = "fr" });
        Assert.Equal(0, (await clean.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("findings").GetArrayLength());

        var loud = await _api.Http.PostAsJsonAsync("/api/v1/lint", new { subject = "GRATUIT : -50% sur tout !!", bodyMarkdown = "Vous êtes déjà inscrit.", language = "fr" });
        var findings = (await loud.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("rule").GetString() == "RP004" && f.GetProperty("severity").GetString() == "error");
        Assert.Contains(findings, f => f.GetProperty("rule").GetString() == "RP005");
        Assert.Contains(findings, f => f.GetProperty("rule").GetString() == "RP001");
        Assert.All(findings, f => Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("message").GetString())));
    }

    [Fact]
    public async Task Compose_preview_test_send_submit_approve_and_an_edit_withdraws_the_approval()
    {
        var senderId = await CreateSenderAsync();
        var listId = await ImportedListAsync("email,first name,last name\nmarie.curie@example.org,Marie,Curie\n\"evil@example.org\",\"<script>alert(1)</script>\",\"Eve\r\nBcc: victim@example.net\"\n");
        // A remote image is only a warning (RP009): it must be acknowledged at approval.
        var content = DefaultRequest.For("en");
        content = content with { BodyMarkdown = content.BodyMarkdown + "\n\n![logo](https://cdn.example.com/logo.png)\n" };

        var created = await _api.Http.PostAsJsonAsync("/api/v1/campaigns", CampaignBody(senderId, listId, content));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var campaign = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = campaign.GetProperty("id").GetInt32();
        var rules = campaign.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ToList();
        Assert.Equal(["RP009"], rules);

        // The preview as one contact, and as the hostile one.
        var contacts = (await _api.ContactsAsync(listId)).GetProperty("items").EnumerateArray().ToList();
        long IdOf(string email) => contacts.Single(c => c.GetProperty("email").GetString() == email).GetProperty("id").GetInt64();
        var preview = await (await _api.Http.PostAsJsonAsync($"/api/v1/campaigns/{id}/preview", new { contactId = IdOf("marie.curie@example.org") })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Hello Marie,", preview.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("https://optin.example.com/c/", preview.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("You bought from our online shop", preview.GetProperty("text").GetString(), StringComparison.Ordinal);
        var evilId = IdOf("evil@example.org");
        var evil = await (await _api.Http.PostAsJsonAsync($"/api/v1/campaigns/{id}/preview", new { contactId = evilId })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain("<script", evil.GetProperty("html").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", evil.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.PostAsJsonAsync($"/api/v1/campaigns/{id}/preview", new { contactId = 999_999 })).StatusCode);

        // The test send arrives at the relay with both parts and the bulk-sender headers.
        var sent = await _api.Http.PostAsJsonAsync($"/api/v1/campaigns/{id}/test-send", new { to = "tester@shop.example.com", contactId = evilId });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var received = (await _smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10)))[0];
        var message = received.Message;
        Assert.Equal(["tester@shop.example.com"], received.Recipients);
        Assert.Equal("bounces+test@shop.example.com", received.EnvelopeFrom);
        Assert.StartsWith("[Test] ", message.Subject, StringComparison.Ordinal);
        Assert.Equal("news@shop.example.com", message.From.Mailboxes.Single().Address);
        Assert.Equal("care@shop.example.com", message.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("multipart/alternative", message.Body!.ContentType.MimeType);
        Assert.NotNull(message.TextBody);
        Assert.NotNull(message.HtmlBody);
        Assert.Contains("https://optin.example.com/u/test", message.Headers[HeaderId.ListUnsubscribe], StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.DoesNotContain(message.Headers, h => h.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("victim@example.net", string.Join("\n", received.Recipients), StringComparison.Ordinal);

        // Submit, then approval needs the warning acknowledged.
        Assert.Equal("Submitted", (await PostAsync($"/api/v1/campaigns/{id}/submit", null)).GetProperty("status").GetString());
        var refused = await _api.Http.PostAsJsonAsync($"/api/v1/campaigns/{id}/approve", new { acknowledgeWarnings = false });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("warnings-not-acknowledged", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var approved = await PostAsync($"/api/v1/campaigns/{id}/approve", new { acknowledgeWarnings = true });
        Assert.Equal("Approved", approved.GetProperty("status").GetString());
        Assert.Equal(64, approved.GetProperty("approvedContentHash").GetString()!.Length);

        // Saving the same content keeps the approval; changing it withdraws it.
        var same = await _api.Http.PutAsJsonAsync($"/api/v1/campaigns/{id}", CampaignBody(senderId, listId, content));
        Assert.Equal("Approved", (await same.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var edited = await _api.Http.PutAsJsonAsync($"/api/v1/campaigns/{id}", CampaignBody(senderId, listId, content, purpose: "a weekly newsletter"));
        var afterEdit = await edited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Draft", afterEdit.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, afterEdit.GetProperty("approvedContentHash").ValueKind);

        await using var scope = _app.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<ReOptInDb>().AuditLog.AsNoTracking().Select(a => a.Action).ToListAsync();
        Assert.Subset(new HashSet<string>(audit), new HashSet<string>
        {
            AuditActions.SenderCreated, AuditActions.CampaignCreated, AuditActions.CampaignTestSent, AuditActions.CampaignSubmitted,
            AuditActions.CampaignApproved, AuditActions.CampaignReturnedToDraft,
        });
        Assert.DoesNotContain("tester@shop.example.com", _app.ReadLogs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_campaign_with_errors_cannot_be_submitted_or_approved()
    {
        var senderId = await CreateSenderAsync();
        var listId = await ImportedListAsync("email\nada@example.org\n");
        var optOut = new RequestContent("FREE GIFT inside!!", "You are already subscribed. Unsubscribe if you no longer want our emails.", "en");
        var created = await (await _api.Http.PostAsJsonAsync("/api/v1/campaigns", CampaignBody(senderId, listId, optOut))).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();

        var submit = await _api.Http.PostAsync($"/api/v1/campaigns/{id}/submit", null);
        Assert.Equal(HttpStatusCode.Conflict, submit.StatusCode);
        var problem = await submit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("lint-errors", problem.GetProperty("code").GetString());
        var rules = problem.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "RP001", "RP004", "RP005", "RP008" }, rules);

        var approve = await _api.Http.PostAsJsonAsync($"/api/v1/campaigns/{id}/approve", new { acknowledgeWarnings = true });
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Equal("Draft", (await _api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_test_send_through_an_unreachable_relay_says_what_failed()
    {
        var response = await _api.Http.PostAsJsonAsync("/api/v1/senders", SenderBody());
        var senderId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var listId = await ImportedListAsync("email\nada@example.org\n");
        var id = (await (await _api.Http.PostAsJsonAsync("/api/v1/campaigns", CampaignBody(senderId, listId, DefaultRequest.For("en"))))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await _smtp.DisposeAsync();   // the relay goes away

        var sent = await _api.Http.PostAsJsonAsync($"/api/v1/campaigns/{id}/test-send", new { to = "tester@shop.example.com" });
        Assert.Equal(HttpStatusCode.BadGateway, sent.StatusCode);
        var problem = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("relay-refused", problem.GetProperty("code").GetString());
        Assert.Contains("refused", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    private async Task<JsonElement> PostAsync(string url, object? body)
    {
        var response = body is null ? await _api.Http.PostAsync(url, null) : await _api.Http.PostAsJsonAsync(url, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"POST {url} answered {(int)response.StatusCode}: {json}");
        return json;
    }
}
