using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Bounces;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Data;
using ReOptIn.Core.Erasing;
using ReOptIn.IntegrationTests.Dispatch;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Reporting;

/// <summary>The campaign report adds up: on a campaign driven through the app's own paths, and on seeded rows before and after the purge, on SQLite and PostgreSQL alike.</summary>
public sealed partial class ReportFunnelTests
{
    private const string PersonAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

    private static int Figure(JsonElement report, string section, string key) =>
        report.GetProperty(section).EnumerateArray().Single(f => f.GetProperty("key").GetString() == key).GetProperty("count").GetInt32();

    private static Dictionary<string, int> Figures(JsonElement report, string section) =>
        report.GetProperty(section).EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!, f => f.GetProperty("count").GetInt32());

    [Fact]
    public async Task The_funnel_adds_up_on_a_campaign_sent_confirmed_declined_and_bounced_through_the_app()
    {
        await using var f = await DispatchFixture.StartAsync(settings: new Dictionary<string, string?>
        {
            ["PublicPages:PermitPerMinute"] = "100000",
            ["PublicPages:ScannerWindow"] = "00:00:00",
        });
        var senderId = await f.CreateSenderAsync();
        // Two lists sharing three people; 24 people in all, on four domains.
        var first = Enumerable.Range(0, 15).Select(i => $"p{i}@{(i % 3 == 0 ? "mail.example.org" : i % 3 == 1 ? "post.example.net" : "inbox.example.com")}").ToList();
        var second = Enumerable.Range(12, 12).Select(i => $"p{i}@{(i < 15 ? (i % 3 == 0 ? "mail.example.org" : i % 3 == 1 ? "post.example.net" : "inbox.example.com") : "other.example.com")}").ToList();
        var listA = await f.ImportListAsync(first, "Shop");
        var listB = await f.ImportListAsync(second, "Fair");
        var id = await f.ApprovedCampaignAsync(senderId, listA, listB);
        await f.PostOkAsync($"/api/v1/campaigns/{id}/launch");
        await f.WaitForStatusAsync(id, "Sent");
        var messages = f.Smtp.Received.ToDictionary(m => m.Recipients.Single(),
            m => (Token: TokenPattern().Match(m.Message.TextBody!).Groups[1].Value, MessageId: "<" + m.Message.MessageId + ">", Envelope: m.EnvelopeFrom));
        Assert.Equal(24, messages.Count);

        using var person = Browser.Open(f.App);
        person.Http.DefaultRequestHeaders.UserAgent.ParseAdd(PersonAgent);
        // Four confirm through the form; two only look at it; two say no (the form's "remove me", one-click unsubscribe).
        foreach (var who in new[] { "p0@mail.example.org", "p1@post.example.net", "p4@post.example.net", "p13@post.example.net" })
        {
            var response = await person.SubmitAsync("/c/" + messages[who].Token, new Dictionary<string, string> { ["Input.Consent"] = "true" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        foreach (var who in new[] { "p2@inbox.example.com", "p5@inbox.example.com" })
            Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/c/" + messages[who].Token)).StatusCode);
        var declined = await person.SubmitAsync("/d/" + messages["p3@mail.example.org"].Token, new Dictionary<string, string>());
        Assert.True(declined.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"POST /d answered {(int)declined.StatusCode}");
        using (var oneClick = new StringContent("List-Unsubscribe=One-Click", Encoding.ASCII, "application/x-www-form-urlencoded"))
            Assert.Equal(HttpStatusCode.OK, (await f.App.CreateClient().PostAsync("/u/" + messages["p16@other.example.com"].Token, oneClick)).StatusCode);

        // Two hard bounces, one soft, one complaint, through the bounce API.
        await PostBounceAsync(f, Dsn("p6@mail.example.org", "5.1.1", "failed", "550 5.1.1 user unknown", messages["p6@mail.example.org"].MessageId), messages["p6@mail.example.org"].Envelope);
        await PostBounceAsync(f, Dsn("p17@other.example.com", "5.1.1", "failed", "550 5.1.1 no such user", messages["p17@other.example.com"].MessageId), messages["p17@other.example.com"].Envelope);
        await PostBounceAsync(f, Dsn("p7@post.example.net", "4.2.2", "delayed", "452 4.2.2 mailbox full", messages["p7@post.example.net"].MessageId), messages["p7@post.example.net"].Envelope);
        await PostBounceAsync(f, Complaint("p8@inbox.example.com", messages["p8@inbox.example.com"].MessageId), null);

        var report = await f.Api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}/report");
        var funnel = Figures(report, "funnel");
        Assert.Equal(new Dictionary<string, int>
        {
            ["imported"] = 24, ["eligible"] = 24, ["sent"] = 24, ["delivered"] = 22, ["visited"] = 6, ["confirmed"] = 4,
        }, funnel);
        var outcomes = Figures(report, "outcomes");
        Assert.Equal(new Dictionary<string, int>
        {
            ["optedIn"] = 4, ["declined"] = 2, ["bounced"] = 2, ["complained"] = 1, ["failed"] = 0, ["inDoubt"] = 0, ["noAnswer"] = 15, ["notSent"] = 0,
        }, outcomes);
        Assert.Equal(funnel["eligible"], outcomes.Values.Sum());
        Assert.Equal(1, report.GetProperty("bouncedSoft").GetInt32());

        // By list: the three people in both lists count for the first list only; the lists add up to the eligible.
        var byList = report.GetProperty("byList").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!);
        Assert.Equal(15, byList["Shop"].GetProperty("requests").GetInt32());
        Assert.Equal(9, byList["Fair"].GetProperty("requests").GetInt32());
        Assert.Equal(4, byList["Shop"].GetProperty("confirmed").GetInt32()); // p13 is in both: Shop, the first list
        Assert.Equal(0, byList["Fair"].GetProperty("confirmed").GetInt32());
        Assert.Equal(1, byList["Fair"].GetProperty("bounced").GetInt32());

        // By domain: four domains, largest first, each with its answers; nothing left over.
        var domains = report.GetProperty("topDomains").EnumerateArray().ToList();
        Assert.Equal(["other.example.com", "inbox.example.com", "mail.example.org", "post.example.net"], domains.Select(d => d.GetProperty("domain").GetString()!));
        Assert.Equal([9, 5, 5, 5], domains.Select(d => d.GetProperty("requests").GetInt32()));
        var post = domains.Single(d => d.GetProperty("domain").GetString() == "post.example.net");
        Assert.Equal(3, post.GetProperty("optedIn").GetInt32());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("otherDomains").ValueKind);

        // Today's confirmations, and the returned messages by reason.
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(4, report.GetProperty("confirmationsPerDay").EnumerateArray().Single(d => d.GetProperty("day").GetString() == today).GetProperty("count").GetInt32());
        var reasons = report.GetProperty("bounceReasons").EnumerateArray()
            .Select(b => (b.GetProperty("class").GetString(), b.GetProperty("reason").GetString(), b.GetProperty("requests").GetInt32())).ToList();
        Assert.Contains(("Hard", "user-unknown", 2), reasons);
        Assert.Contains(("Soft", "mailbox-full", 1), reasons);
        Assert.Contains(("Complaint", "complaint", 1), reasons);
    }

    [Fact]
    public async Task A_campaign_that_does_not_exist_has_no_report()
    {
        var app = ReOptInFactory.Sqlite(ApiClient.BootstrapSettings);
        await using var _ = app;
        using var api = ApiClient.Open(app);
        var response = await api.Http.GetAsync("/api/v1/campaigns/999/report");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("campaign-not-found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Seeded_states_give_the_same_report_on_SQLite_and_PostgreSQL_before_and_after_the_purge()
    {
        // The seeded campaign is past its deadline: the test runs the erasure itself, at a fixed time.
        var settings = new Dictionary<string, string?>(ApiClient.BootstrapSettings) { ["Erasure:Enabled"] = "false" };
        var sqlite = ReOptInFactory.Sqlite(settings);
        var postgres = await ReOptInFactory.PostgreSqlAsync(settings);
        await using var a = sqlite;
        await using var b = postgres;
        var reports = new List<(string Before, string After)>();
        foreach (var app in new[] { sqlite, postgres })
        {
            var id = await SeedAsync(app);
            using var api = ApiClient.Open(app);
            var before = await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}/report");
            AssertSeededFigures(before, purged: false);
            await PurgeAsync(app, id);
            var after = await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}/report");
            AssertSeededFigures(after, purged: true);
            reports.Add((WithoutTime(before), WithoutTime(after)));
        }
        Assert.Equal(reports[0].Before, reports[1].Before);
        Assert.Equal(reports[0].After, reports[1].After);
    }

    /// <summary>The report without its "as of" (the two databases are read a few seconds apart).</summary>
    private static string WithoutTime(JsonElement report) =>
        System.Text.Json.Nodes.JsonNode.Parse(report.GetRawText())!.AsObject().Where(p => p.Key != "asOf").Aggregate("", (s, p) => s + p.Key + "=" + p.Value?.ToJsonString() + ";");

    private static void AssertSeededFigures(JsonElement report, bool purged)
    {
        // The funnel does not move when the unanswered are erased: it reads what the request rows keep.
        Assert.Equal(new Dictionary<string, int>
        {
            ["imported"] = 30, ["eligible"] = 24, ["sent"] = 19, ["delivered"] = 17, ["visited"] = 11, ["confirmed"] = 7,
        }, Figures(report, "funnel"));
        var outcomes = Figures(report, "outcomes");
        Assert.Equal(24, outcomes.Values.Sum());
        Assert.Equal(6, outcomes["optedIn"]);
        Assert.Equal(2, outcomes["declined"]);
        Assert.Equal(2, outcomes["bounced"]);
        Assert.Equal(1, outcomes["complained"]);
        Assert.Equal(1, outcomes["failed"]);
        Assert.Equal(8, outcomes["noAnswer"]);
        // An in-doubt request that expires is counted with those not sent: nothing says whether it went out.
        Assert.Equal(purged ? 0 : 1, outcomes["inDoubt"]);
        Assert.Equal(purged ? 4 : 3, outcomes["notSent"]);
        Assert.Equal(1, report.GetProperty("withdrewAfterConfirming").GetInt32());
        Assert.Equal(1, report.GetProperty("bouncedSoft").GetInt32());
        Assert.Equal(24, report.GetProperty("byList").EnumerateArray().Sum(l => l.GetProperty("requests").GetInt32()));
        var top = report.GetProperty("topDomains").EnumerateArray().ToList();
        Assert.Equal(24, top.Sum(d => d.GetProperty("requests").GetInt32()));
        Assert.Equal("bücher.example", top.Single(d => d.GetProperty("domain").GetString() == "xn--bcher-kva.example").GetProperty("displayDomain").GetString());
        var days = report.GetProperty("confirmationsPerDay").EnumerateArray().Where(d => d.GetProperty("count").GetInt32() > 0)
            .ToDictionary(d => d.GetProperty("day").GetString()!, d => d.GetProperty("count").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["2026-03-02"] = 4, ["2026-03-04"] = 3 }, days);
    }

    /// <summary>
    /// Rows in every state, written through the entities' own moves (the states a test cannot reach
    /// through a relay: failed, in doubt, settled in doubt). 24 requests, 6 contacts skipped at launch.
    /// </summary>
    internal static async Task<int> SeedAsync(ReOptInFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var hasher = scope.ServiceProvider.GetRequiredService<AddressHasher>();
        var t0 = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
        var listA = new ContactList("Shop", "You bought from us", t0);
        var listB = new ContactList("Fair", "You met us at the fair", t0);
        db.Lists.AddRange(listA, listB);
        var campaign = new Campaign("Seeded", t0) { Subject = "s", BodyMarkdown = "{{ confirm_url }}" };
        campaign.SetConsentStatement("Yes");
        campaign.Lists.AddRange([listA, listB]);
        campaign.Submit(t0, null);
        campaign.Approve(t0, null);
        campaign.Launch(t0);
        campaign.Eligible = 24;
        campaign.SkippedAlreadyAsked = 3;
        campaign.SkippedSuppressed = 2;
        campaign.SkippedJurisdiction = 1;
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();

        string[] domains = ["mail.example.org", "xn--bcher-kva.example", "post.example.net"];
        var day2 = t0.AddDays(1);
        var day4 = t0.AddDays(3);
        // (how many, the path of states, the day of any confirmation)
        var plan = new List<(int Count, RequestState[] Path, DateTime At)>
        {
            (3, [RequestState.Sending, RequestState.Sent, RequestState.Visited, RequestState.Confirmed], day2),
            (1, [RequestState.Sending, RequestState.Sent, RequestState.Confirmed], day2),             // confirmed with no person-like visit
            (1, [RequestState.Sending, RequestState.Sent, RequestState.Visited, RequestState.Confirmed, RequestState.HandedOff], day4),
            (1, [RequestState.Sending, RequestState.Sent, RequestState.Visited, RequestState.Confirmed], day4),
            (1, [RequestState.Sending, RequestState.Sent, RequestState.Visited, RequestState.Confirmed, RequestState.Declined], day4), // withdrew
            (1, [RequestState.Sending, RequestState.Sent, RequestState.Declined], day2),
            (1, [RequestState.Sending, RequestState.Sent, RequestState.Bounced], day2),
            (1, [RequestState.Sending, RequestState.Sent, RequestState.Visited, RequestState.Bounced], day2), // visited, then bounced: not delivered
            (1, [RequestState.Sending, RequestState.Sent, RequestState.Complained], day2),
            (1, [RequestState.Sending, RequestState.Failed], day2),
            (1, [RequestState.Sending, RequestState.InDoubt], day2),
            (1, [RequestState.Sending, RequestState.InDoubt, RequestState.Visited], day2),          // the visit settles the doubt: it went out
            (3, [RequestState.Sending, RequestState.Sent, RequestState.Visited], day2),
            (4, [RequestState.Sending, RequestState.Sent], day2),
            (3, [], day2),                                                                            // still queued
        };
        var n = 0;
        var requests = new List<PermissionRequest>();
        foreach (var (count, path, at) in plan)
            for (var i = 0; i < count; i++, n++)
            {
                var email = $"seed{n}@{domains[n % 3]}";
                var contact = new Contact(email, email, hasher.HashNormalized(email), t0);
                db.Contacts.Add(contact);
                await db.SaveChangesAsync();
                var list = n % 4 == 0 ? listB : listA;
                db.Memberships.Add(new ListMembership { ListId = list.Id, ContactId = contact.Id, AddedAt = t0 });
                var request = new PermissionRequest(campaign.Id, contact.Id, contact.AddressHash, t0);
                db.Requests.Add(request);
                db.Entry(request).Property(r => r.RecipientDomain).CurrentValue = domains[n % 3];
                db.Entry(request).Property(r => r.SourceListId).CurrentValue = list.Id;
                foreach (var state in path) request.MoveTo(state, state is RequestState.Confirmed or RequestState.HandedOff or RequestState.Declined ? at : t0.AddHours(1));
                requests.Add(request);
            }
        await db.SaveChangesAsync();
        // One soft bounce on an unanswered request, and the hard bounces' and the complaint's reports.
        foreach (var r in requests.Where(r => r.State is RequestState.Bounced or RequestState.Complained).Append(requests.First(r => r.State == RequestState.Sent)))
        {
            var (cls, reason) = r.State switch
            {
                RequestState.Bounced => (BounceClass.Hard, BounceReasons.UserUnknown),
                RequestState.Complained => (BounceClass.Complaint, BounceReasons.Complaint),
                _ => (BounceClass.Soft, BounceReasons.MailboxFull),
            };
            db.Bounces.Add(new BounceReport(t0.AddHours(2), "api", new BounceVerdict(cls, reason, null, "5.0.0", null, null, null))
            {
                RequestId = r.Id, CampaignId = campaign.Id, Action = BounceAction.Counted,
            });
        }
        await db.SaveChangesAsync();
        return campaign.Id;
    }

    /// <summary>
    /// The deadline job's own erasure (CampaignErasure.CloseAsync), at a fixed time so that both
    /// databases give the same report; the background job is off in this test (see the settings).
    /// </summary>
    private static async Task PurgeAsync(ReOptInFactory app, int campaignId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var now = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.NotNull(await CampaignErasure.CloseAsync(db, campaignId, ErasureRule.Deadline, ErasureActor.System, now, CancellationToken.None));
    }

    private static async Task PostBounceAsync(DispatchFixture f, string raw, string? envelopeTo)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(raw));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var url = "/api/v1/bounces" + (envelopeTo is null ? "" : "?envelopeTo=" + Uri.EscapeDataString(envelopeTo));
        var response = await f.Api.Http.PostAsync(url, content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Dsn(string recipient, string status, string action, string diagnostic, string originalMessageId) => $"""
        From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
        To: bounces@bounces.shop.example.com
        Subject: Undelivered Mail Returned to Sender
        Message-ID: <{Guid.NewGuid():N}@mx.example.org>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain

        Your message could not be delivered.

        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.org

        Final-Recipient: rfc822; {recipient}
        Action: {action}
        Status: {status}
        Diagnostic-Code: smtp; {diagnostic}

        --b1
        Content-Type: text/rfc822-headers

        From: Example Shop <news@shop.example.com>
        To: {recipient}
        Subject: Do you still want to hear from Example Shop?
        Message-ID: {originalMessageId}

        --b1--
        """.Replace("\n", "\r\n", StringComparison.Ordinal);

    private static string Complaint(string recipient, string originalMessageId) => $"""
        From: feedback@isp.example.net
        To: abuse@shop.example.com
        Subject: Abuse report
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report; boundary="b2"

        --b2
        Content-Type: text/plain

        This is an email abuse report.

        --b2
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: ISP-FBL/1.0
        Version: 1
        Original-Rcpt-To: {recipient}

        --b2
        Content-Type: message/rfc822

        From: Example Shop <news@shop.example.com>
        To: {recipient}
        Subject: Do you still want to hear from Example Shop?
        Message-ID: {originalMessageId}

        Hello
        --b2--
        """.Replace("\n", "\r\n", StringComparison.Ordinal);

    [GeneratedRegex(@"/c/([A-Za-z0-9_-]{54})")]
    private static partial Regex TokenPattern();
}
