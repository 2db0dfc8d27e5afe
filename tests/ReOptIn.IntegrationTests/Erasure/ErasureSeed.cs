using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Data;
using ReOptIn.Core.Erasing;
using ReOptIn.IntegrationTests.Confirming;
using ReOptIn.IntegrationTests.Dispatch;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Erasure;

/// <summary>
/// A campaign lived through the real paths: a CSV imported (names, a custom column, a duplicate and a
/// broken row), launched, sent to the test SMTP server; then one contact confirms on /c, one visits,
/// one declines on /d, one bounces hard (a DSN quoting the address), and a forged bounce naming
/// that address waits for review with its raw message.
/// </summary>
internal sealed partial record ErasureSeed(int SenderId, int ListId, int CampaignId, string Tag, byte[] Csv,
    string Confirmer, string ConfirmerName, string Visitor, string Decliner, string Bouncer, IReadOnlyList<string> Silent, IReadOnlyList<string> ErasedNames)
{
    public const string VisitorIp = "198.51.100.23";
    public const string ConfirmerIp = "192.0.2.44";

    public string VisitorAgent => $"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36 Wex{Tag}";

    public string ConfirmerAgent => $"Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36 Keep{Tag}";

    public string BrokenRow => $"broken-row-{Tag}";

    public IReadOnlyList<string> Erased => [Visitor, Decliner, Bouncer, .. Silent];

    /// <summary>Whatever must be gone after the deadline: addresses (whole and their local parts), names, the custom column, the visitor's IP and browser, the rejected rows.</summary>
    public IReadOnlyList<string> ErasedNeedles =>
        [.. Erased, .. Erased.Select(a => a[..a.IndexOf('@')]), .. ErasedNames, $"note-{Tag}-gone", VisitorIp, $"Wex{Tag}", BrokenRow];

    public IReadOnlyList<string> ConfirmerNeedles => [Confirmer, Confirmer[..Confirmer.IndexOf('@')], ConfirmerName, ConfirmerIp, $"Keep{Tag}", $"note-{Tag}-kept"];

    public static Dictionary<string, string?> Settings(IDictionary<string, string?>? extra = null)
    {
        var settings = DispatchFixture.Settings(new Dictionary<string, string?>
        {
            ["PublicPages:ScannerWindow"] = "00:00:00",
            ["PublicPages:PermitPerMinute"] = "100000",
            // The tests run the job themselves, at the moments they choose.
            ["Erasure:Enabled"] = "false",
        });
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        return settings;
    }

    public static async Task<ErasureSeed> CampaignAsync(DispatchFixture f, int silent = 5)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        string Address(string who) => $"{who}.{tag}@example.org";
        var confirmer = Address("keep.yes");
        var visitor = Address("gone.visit");
        var decliner = Address("gone.decline");
        var bouncer = Address("gone.bounce");
        var quiet = Enumerable.Range(0, silent).Select(i => Address($"gone.silent{i}")).ToList();
        var gone = new List<string> { visitor, decliner, bouncer };
        gone.AddRange(quiet);
        var names = gone.Select((_, i) => $"Quillon{tag}{i}").ToList();

        var csv = new StringBuilder("email,first name,last name,loyalty note\n");
        csv.Append(CultureInvariant($"{confirmer},Marigold{tag},Keepsake,note-{tag}-kept\n"));
        for (var i = 0; i < gone.Count; i++) csv.Append(CultureInvariant($"{gone[i]},{names[i]},Vantrell{tag},note-{tag}-gone\n"));
        csv.Append(CultureInvariant($"{quiet[0]},{names[3]},Vantrell{tag},note-{tag}-gone\n"));   // a duplicate: rejected
        csv.Append(CultureInvariant($"broken-row-{tag},Nobody,Vantrell{tag},note-{tag}-gone\n"));  // not an address: rejected
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());

        var senderId = await f.CreateSenderAsync();
        var listId = await f.Api.CreateListAsync("Shop " + tag, "You bought from our shop");
        var import = await f.Api.ImportAsync(listId, bytes, "customers.csv");
        Assert.Equal("completed", import.GetProperty("status").GetString());
        var campaignId = await f.ApprovedCampaignAsync(senderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{campaignId}/launch");
        await f.WaitForStatusAsync(campaignId, "Sent");
        var mail = f.Smtp.Received.ToDictionary(m => m.Recipients.Single(), m => m);
        string Token(string address) => TokenPattern().Match(mail[address].Message.TextBody!).Groups[1].Value;

        // A person looks at the form from their own address and browser, and does nothing.
        await using (var remote = ClientAddress.From(f.App, IPAddress.Parse(VisitorIp)))
        {
            using var http = remote.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", $"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36 Wex{tag}");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/c/" + Token(visitor))).StatusCode);
        }
        // Another confirms.
        await using (var remote = ClientAddress.From(f.App, IPAddress.Parse(ConfirmerIp)))
        {
            using var person = new Browser(remote.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
            person.Http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", $"Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36 Keep{tag}");
            var confirmed = await person.SubmitAsync("/c/" + Token(confirmer), new Dictionary<string, string> { ["Input.Consent"] = "true" });
            Assert.Contains("Thank you: it is confirmed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // Another says "remove me".
        using (var person = Browser.Open(f.App))
            Assert.Equal(HttpStatusCode.OK, (await person.SubmitAsync("/d/" + Token(decliner), new Dictionary<string, string>())).StatusCode);
        // A hard bounce quoting the address, and a forged one (its VERP names another request) kept for review.
        var hard = await PostBounceAsync(f, Dsn(bouncer, $"550 5.1.1 <{bouncer}>: user unknown", "<" + mail[bouncer].Message.MessageId + ">"), mail[bouncer].EnvelopeFrom);
        Assert.Equal("Bounced", hard.GetProperty("action").GetString());
        var forged = await PostBounceAsync(f, Dsn(bouncer, $"550 5.1.1 <{bouncer}>: user unknown", "<nothing@nowhere.example>"), mail[quiet[1]].EnvelopeFrom);
        Assert.Equal("NeedsReview", forged.GetProperty("action").GetString());

        return new ErasureSeed(senderId, listId, campaignId, tag, bytes, confirmer, $"Marigold{tag}", visitor, decliner, bouncer, quiet, names);
    }

    /// <summary>Moves the campaign's deadline into the past, as time passing would.</summary>
    public static async Task PassDeadlineAsync(ReOptInFactory app, int campaignId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var past = DateTime.UtcNow.AddMinutes(-1);
        await db.Campaigns.Where(c => c.Id == campaignId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Deadline, past));
    }

    /// <summary>One pass of the deadline job in <paramref name="app"/>, as its background worker runs it.</summary>
    public static async Task<IReadOnlyList<Core.Erasing.Erasure>> RunJobAsync(ReOptInFactory app, DateTime? now = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await ErasureJob.RunAsync(scope.ServiceProvider.GetRequiredService<ReOptInDb>(), now ?? DateTime.UtcNow, CancellationToken.None);
    }

    public static async Task<T> ReadAsync<T>(ReOptInFactory app, Func<ReOptInDb, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<ReOptInDb>());
    }

    private static async Task<JsonElement> PostBounceAsync(DispatchFixture f, string raw, string envelopeTo)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(raw));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var response = await f.Api.Http.PostAsync("/api/v1/bounces?envelopeTo=" + Uri.EscapeDataString(envelopeTo), content);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json;
    }

    private static string Dsn(string recipient, string diagnostic, string originalMessageId) => $"""
        From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
        To: bounces@bounces.shop.example.com
        Subject: Undelivered Mail Returned to Sender
        Message-ID: <{Guid.NewGuid():N}@mx.example.org>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain

        Your message to {recipient} could not be delivered.

        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.org

        Final-Recipient: rfc822; {recipient}
        Action: failed
        Status: 5.1.1
        Diagnostic-Code: smtp; {diagnostic}

        --b1
        Content-Type: text/rfc822-headers

        From: Example Shop <news@shop.example.com>
        To: {recipient}
        Subject: Do you still want to hear from Example Shop?
        Message-ID: {originalMessageId}

        --b1--
        """.Replace("\n", "\r\n", StringComparison.Ordinal);

    private static string CultureInvariant(FormattableString s) => FormattableString.Invariant(s);

    [GeneratedRegex(@"/c/([A-Za-z0-9_-]{54})")]
    private static partial Regex TokenPattern();
}
