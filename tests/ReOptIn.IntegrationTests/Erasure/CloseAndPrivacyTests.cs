using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Erasing;
using ReOptIn.IntegrationTests.Dispatch;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Erasure;

/// <summary>Closing early (an Admin, after a confirmation) and the privacy tools (find, export, erase), on the pages and the API.</summary>
public sealed class CloseAndPrivacyTests
{
    private const string MarketerEmail = "marketer.person@example.com";
    private const string MarketerPassword = "a long marketer password";

    private static async Task<Browser> AdminAsync(ReOptInFactory app)
    {
        var admin = Browser.Open(app);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SignInAsync(ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!, ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!)).StatusCode);
        return admin;
    }

    [Fact]
    public async Task Closing_early_needs_an_admin_and_a_confirmation_and_erases_like_the_deadline()
    {
        await using var f = await DispatchFixture.StartAsync(settings: ErasureSeed.Settings());
        var seed = await ErasureSeed.CampaignAsync(f, silent: 2);
        using var admin = await AdminAsync(f.App);
        await admin.AddUserAsync(MarketerEmail, MarketerPassword, Roles.Marketer);
        var marketerKey = await admin.CreateApiKeyAsync("marketer script", MarketerEmail);

        // A Marketer cannot: not the page, not the API.
        using (var marketer = Browser.Open(f.App))
        {
            await marketer.SignInAsync(MarketerEmail, MarketerPassword);
            Assert.Equal(HttpStatusCode.Forbidden, (await marketer.GetAsync($"/Admin/Close/{seed.CampaignId}")).StatusCode);
            marketer.Http.DefaultRequestHeaders.Add("X-Api-Key", marketerKey);
            Assert.Equal(HttpStatusCode.Forbidden, (await marketer.Http.PostAsJsonAsync($"/api/v1/campaigns/{seed.CampaignId}/close", new { confirm = true })).StatusCode);
        }

        // The page without the box ticked: nothing happens, and it says why.
        var page = await admin.GetPageAsync($"/Admin/Close/{seed.CampaignId}");
        Assert.Contains("Close and erase", page, StringComparison.Ordinal);
        var refused = await admin.SubmitAsync($"/Admin/Close/{seed.CampaignId}", new Dictionary<string, string>(), $"/Admin/Close/{seed.CampaignId}?handler=Close");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Tick the box to confirm: nothing was closed or erased.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The API without the confirmation: 400, still open.
        var unconfirmed = await f.Api.Http.PostAsJsonAsync($"/api/v1/campaigns/{seed.CampaignId}/close", new { });
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Equal("not-confirmed", (await unconfirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal("Sent", (await f.CampaignAsync(seed.CampaignId)).GetProperty("status").GetString());
        Assert.NotEmpty(await DatabaseSearch.FindAsync(f.App, seed.Erased));

        // With the box ticked on the page: closed, erased, recorded.
        var closed = await admin.SubmitAsync($"/Admin/Close/{seed.CampaignId}", new Dictionary<string, string> { ["Confirm"] = "true" },
            $"/Admin/Close/{seed.CampaignId}?handler=Close");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal("Closed", (await f.CampaignAsync(seed.CampaignId)).GetProperty("status").GetString());
        var left = await DatabaseSearch.FindAsync(f.App, seed.ErasedNeedles);
        Assert.True(left.Count == 0, "Still in the database after closing early:\n" + string.Join("\n", left));
        var erasure = Assert.Single(await ErasureSeed.ReadAsync(f.App, db => db.Erasures.ToListAsync()));
        Assert.Equal((ErasureRule.EarlyClose, seed.Erased.Count, ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]), (erasure.Rule, erasure.Contacts, erasure.ByName));
        Assert.Contains("early close", await admin.GetPageAsync($"/Admin/Close/{seed.CampaignId}"), StringComparison.Ordinal);

        // Closing again answers 409; the deadline job finds nothing more to do.
        var again = await f.Api.Http.PostAsJsonAsync($"/api/v1/campaigns/{seed.CampaignId}/close", new { confirm = true });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("already-closed", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        await ErasureSeed.PassDeadlineAsync(f.App, seed.CampaignId);
        Assert.Empty(await ErasureSeed.RunJobAsync(f.App));

        // The API closes another campaign with {"confirm": true}; the retention period is set there too.
        var listId = await f.ImportListAsync(["api.close.one@example.org", "api.close.two@example.org"], "Second");
        var other = await f.ApprovedCampaignAsync(seed.SenderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{other}/launch");
        await f.WaitForStatusAsync(other, "Sent");
        Assert.Equal(HttpStatusCode.BadRequest, (await f.Api.Http.PostAsJsonAsync($"/api/v1/campaigns/{other}/retention", new { days = -1 })).StatusCode);
        await f.PostOkAsync($"/api/v1/campaigns/{other}/retention", new { days = 30 });
        var apiClosed = await f.PostOkAsync($"/api/v1/campaigns/{other}/close", new { confirm = true });
        Assert.Equal("early close", apiClosed.GetProperty("erasure").GetProperty("rule").GetString());
        Assert.Equal(2, apiClosed.GetProperty("erasure").GetProperty("contacts").GetInt32());
        Assert.Equal(30, await ErasureSeed.ReadAsync(f.App, db => db.Campaigns.Where(c => c.Id == other).Select(c => c.ConfirmedRetentionDays).SingleAsync()));
    }

    [Fact]
    public async Task The_privacy_tool_finds_by_address_exports_and_erases_on_request()
    {
        await using var f = await DispatchFixture.StartAsync(settings: ErasureSeed.Settings());
        var seed = await ErasureSeed.CampaignAsync(f, silent: 2);
        using var admin = await AdminAsync(f.App);
        var spelled = "  " + seed.Visitor.ToUpperInvariant() + " ";   // any spelling finds the person

        var found = await admin.SubmitAsync("/Admin/Privacy", new Dictionary<string, string> { ["Address"] = spelled }, "/Admin/Privacy?handler=Find");
        var html = await found.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Contains(seed.ErasedNames[0], html, StringComparison.Ordinal);
        Assert.Contains(ErasureSeed.VisitorIp, html, StringComparison.Ordinal);
        Assert.Contains("Visited", html, StringComparison.Ordinal);

        var export = await admin.SubmitAsync("/Admin/Privacy", new Dictionary<string, string> { ["Address"] = spelled }, "/Admin/Privacy?handler=Export");
        Assert.Equal("application/json", export.Content.Headers.ContentType?.MediaType);
        var json = await export.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(seed.Visitor, json.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal(ErasureSeed.VisitorIp, json.GetProperty("visits")[0].GetProperty("ipAddress").GetString());
        Assert.Equal("Visited", json.GetProperty("requests")[0].GetProperty("state").GetString());
        Assert.NotEqual(JsonValueKind.Null, json.GetProperty("askedRegistry").ValueKind);

        // Not without the box ticked.
        var refused = await admin.SubmitAsync("/Admin/Privacy", new Dictionary<string, string> { ["Address"] = seed.Visitor }, "/Admin/Privacy?handler=Erase");
        Assert.Contains("Tick the box to confirm: nothing was erased.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEmpty(await DatabaseSearch.FindAsync(f.App, [seed.Visitor]));

        var erased = await admin.SubmitAsync("/Admin/Privacy", new Dictionary<string, string> { ["Address"] = spelled, ["Confirm"] = "true" }, "/Admin/Privacy?handler=Erase");
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        var left = await DatabaseSearch.FindAsync(f.App, [seed.Visitor, seed.Visitor[..seed.Visitor.IndexOf('@')], seed.ErasedNames[0], ErasureSeed.VisitorIp, $"Wex{seed.Tag}"]);
        Assert.True(left.Count == 0, "Still in the database after the erasure:\n" + string.Join("\n", left));
        var hash = await ErasureSeed.ReadAsync(f.App, db => db.Requests.Where(r => r.State == RequestState.Expired).Select(r => r.AddressHash).SingleAsync());
        Assert.Equal(SuppressionReason.ErasureRequest, await ErasureSeed.ReadAsync(f.App, db => db.Suppressions.Where(s => s.AddressHash == hash).Select(s => s.Reason).SingleAsync()));
        Assert.True(await ErasureSeed.ReadAsync(f.App, db => db.AskedRegistry.AnyAsync(a => a.AddressHash == hash)));
        var erasure = Assert.Single(await ErasureSeed.ReadAsync(f.App, db => db.Erasures.ToListAsync()));
        Assert.Equal((ErasureRule.Request, 1, 1), (erasure.Rule, erasure.Contacts, erasure.Requests));

        // Found again: only the hash is left, as a suppression and in the registry.
        var after = await admin.SubmitAsync("/Admin/Privacy", new Dictionary<string, string> { ["Address"] = seed.Visitor }, "/Admin/Privacy?handler=Find");
        var afterHtml = await after.Content.ReadAsStringAsync();
        Assert.Contains("ErasureRequest", afterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(seed.ErasedNames[0], afterHtml, StringComparison.Ordinal);

        // The API does the same for another person; every use is audited by hash prefix, never by address.
        var lookup = await f.Api.Http.PostAsJsonAsync("/api/v1/privacy/lookup", new { address = seed.Decliner });
        Assert.Equal(seed.Decliner, (await lookup.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await f.Api.Http.PostAsJsonAsync("/api/v1/privacy/lookup", new { address = "not an address" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await f.Api.Http.PostAsJsonAsync("/api/v1/privacy/erase", new { address = seed.Decliner })).StatusCode);
        var apiErased = await f.PostOkAsync("/api/v1/privacy/erase", new { address = seed.Decliner, confirm = true });
        Assert.Equal("request", apiErased.GetProperty("rule").GetString());
        Assert.Empty(await DatabaseSearch.FindAsync(f.App, [seed.Decliner]));
        var audit = await ErasureSeed.ReadAsync(f.App, db => db.AuditLog.Where(e => e.Action.StartsWith("privacy.")).ToListAsync());
        Assert.Equal([AuditActions.PrivacyErased, AuditActions.PrivacyExported, AuditActions.PrivacyViewed],
            audit.Where(e => e.ActorName != null && !e.ActorName.StartsWith("api:", StringComparison.Ordinal)).Select(e => e.Action).Distinct().Order(StringComparer.Ordinal).ToArray());
        Assert.All(audit, e => Assert.Matches("^hash [0-9a-f]{8}$", e.Subject));
        Assert.Contains(audit, e => e.Action == AuditActions.PrivacyErased && e.ActorName!.StartsWith("api:", StringComparison.Ordinal));
    }
}
