using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Composing;
using ReOptIn.IntegrationTests.Confirming;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Proof;

/// <summary>
/// Every POST handler of every Razor page (found by reflection over the PageModels, so pages with route
/// values and handlers no form shows are covered too) refuses a request without an antiforgery token,
/// and nothing happens: no list, no user, no approval, no confirmation. The JSON API, which does not
/// check tokens, does not accept the session cookie at all.
/// </summary>
public sealed partial class AntiforgeryDrillTests : IAsyncLifetime
{
    private ReOptInFactory _app = null!;
    private Browser _admin = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _app = ReOptInFactory.Sqlite(new Dictionary<string, string?>(ApiClient.BootstrapSettings).Concat(ContactFixture.Settings()).ToDictionary());
        _admin = Browser.Open(_app);
        await _admin.SignInAsync(ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!, ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!);
        _api = ApiClient.Open(_app);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        _api.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>(page path, handler name) for every OnPost… method of every PageModel in the app.</summary>
    private static IEnumerable<(string PagePath, string Handler, Type Model)> PostHandlers() =>
        typeof(ReOptIn.Web.Pages.Setup.IndexModel).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(PageModel)) && !t.IsAbstract && t.Namespace!.StartsWith("ReOptIn.Web.Pages", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Select(m => PostHandler().Match(m.Name))
                .Where(m => m.Success)
                .Select(m => (PagePath: (t.Namespace!["ReOptIn.Web.Pages".Length..].Replace('.', '/') + "/" + t.Name[..^"Model".Length]), Handler: m.Groups[1].Value, Model: t)))
            .Distinct();

    [Fact]
    public async Task Every_post_handler_of_every_page_refuses_a_request_without_a_token()
    {
        var routes = MappedRoute.All(_app.Services).Where(r => r.PagePath is not null).GroupBy(r => r.PagePath!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var handlers = PostHandlers().ToList();
        Assert.Contains(handlers, h => h.PagePath == "/Admin/Approvals/Review" && h.Handler == "Approve");
        Assert.Contains(handlers, h => h.PagePath == "/Respond/Confirm");
        var failures = new List<string>();
        foreach (var (pagePath, handler, model) in handlers)
        {
            Assert.True(routes.TryGetValue(pagePath, out var route), $"No route for {pagePath} ({model.Name}).");
            // The contact's pages check the token in the handler, after finding the link: they need a real one.
            // The error page does nothing on a POST (it answers the re-executed status of any request) and opts out; see below.
            if (pagePath.StartsWith("/Respond/", StringComparison.Ordinal) || model.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>() is not null) continue;
            var url = route.Url + (handler.Length > 0 ? "?handler=" + handler : "");
            var response = await _admin.Http.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Name"] = "x", ["Input.Email"] = "x@example.com" }));
            if (response.StatusCode != HttpStatusCode.BadRequest) failures.Add($"POST {url} → {(int)response.StatusCode}");
        }
        Assert.True(failures.Count == 0, "Accepted without a token:\n" + string.Join("\n", failures));
        // Only the pages that check the token themselves opt out of the automatic check.
        var optedOut = handlers.Select(h => h.Model).Distinct().Where(t => t.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>() is not null).Select(t => t.Name).Order().ToList();
        Assert.Equal(["ConfirmModel", "DeclineModel", "ErrorModel"], optedOut);
    }

    [Fact]
    public async Task A_forged_post_changes_nothing()
    {
        // A list, a user, an approval, a confirmation: each attempted without the token.
        var lists = await CountAsync(db => db.Lists.CountAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await PostWithoutTokenAsync("/Lists/Create", new() { ["Input.Name"] = "Forged", ["Input.Source"] = "forged" })).StatusCode);
        Assert.Equal(lists, await CountAsync(db => db.Lists.CountAsync()));

        var users = await CountAsync(db => db.Users.CountAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await PostWithoutTokenAsync("/Admin/Users/Create", new() { ["Input.Email"] = "forged@example.com", ["Input.Password"] = "a long forged password", ["Input.Role"] = "Admin" })).StatusCode);
        Assert.Equal(users, await CountAsync(db => db.Users.CountAsync()));

        var campaign = await SubmittedCampaignAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await PostWithoutTokenAsync($"/Admin/Approvals/Review/{campaign}?handler=Approve", new() { ["AcknowledgeWarnings"] = "true" })).StatusCode);
        Assert.Equal(CampaignStatus.Submitted, await CountAsync(db => db.Campaigns.Where(c => c.Id == campaign).Select(c => c.Status).SingleAsync()));

        var sent = await ContactFixture.SendAsync(_app);
        using var contact = Browser.Open(_app);
        Assert.Equal(HttpStatusCode.OK, (await contact.GetAsync(sent.ConfirmUrl)).StatusCode); // the antiforgery cookie is set
        var forged = await contact.Http.PostAsync(sent.ConfirmUrl, new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Consent"] = "true" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.NotEqual(RequestState.Confirmed, (await ContactFixture.RequestAsync(_app, sent.RequestId)).State);
    }

    [Fact]
    public async Task The_api_does_not_accept_the_session_cookie()
    {
        var failures = new List<string>();
        foreach (var route in MappedRoute.All(_app.Services).Where(r => r.IsApi && !r.Url.StartsWith("/openapi", StringComparison.Ordinal)))
            foreach (var method in route.Methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), route.Url);
                if (method != "GET") request.Content = JsonContent.Create(new { name = "forged" });
                var response = await _admin.Http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.UnsupportedMediaType)
                {
                    // An upload endpoint turns JSON away before anything else: send it a file.
                    using var upload = new HttpRequestMessage(new HttpMethod(method), route.Url)
                    {
                        Content = new MultipartFormDataContent { { new ByteArrayContent("email\nx@example.com\n"u8.ToArray()), "file", "list.csv" } },
                    };
                    response = await _admin.Http.SendAsync(upload);
                }
                if (response.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"{method} {route.Url} → {(int)response.StatusCode}");
            }
        Assert.True(failures.Count == 0, "The API answered a signed-in browser without a key:\n" + string.Join("\n", failures));
    }

    private Task<HttpResponseMessage> PostWithoutTokenAsync(string url, Dictionary<string, string> fields) =>
        _admin.Http.PostAsync(url, new FormUrlEncodedContent(fields));

    private async Task<T> CountAsync<T>(Func<Core.Data.ReOptInDb, Task<T>> read) => await ContactFixture.ReadAsync(_app, read);

    private async Task<int> SubmittedCampaignAsync()
    {
        var sender = await _api.Http.PostAsJsonAsync("/api/v1/senders", new
        {
            name = "Relay", fromName = "Example Shop", fromAddress = "news@shop.example.com", postalAddress = "1 Rue de la Paix, Paris",
            smtp = new { host = "127.0.0.1", port = 2525, security = "None" },
        });
        var senderId = (await sender.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var list = await _api.CreateListAsync();
        var content = DefaultRequest.For("en");
        var created = await _api.Http.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "Spring", senderId, listIds = new[] { list }, purpose = "a monthly newsletter", subject = content.Subject,
            bodyMarkdown = content.BodyMarkdown, consentStatement = "Yes, send me the newsletter.", language = "en",
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.True((await _api.Http.PostAsJsonAsync($"/api/v1/campaigns/{id}/submit", new { })).IsSuccessStatusCode);
        return id;
    }

    [GeneratedRegex("^OnPost(\\w*?)(?:Async)?$")]
    private static partial Regex PostHandler();
}
