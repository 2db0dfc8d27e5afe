using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ReOptIn.Core.Accounts;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Security;

/// <summary>
/// Every mapped route is either on the public list below, or refuses a stranger; every admin route
/// refuses a Marketer. A new page or endpoint is crawled automatically.
/// </summary>
public sealed class RouteCrawlTests : IAsyncLifetime
{
    /// <summary>The only routes a stranger may reach, and why.</summary>
    private static readonly HashSet<string> PublicPatterns =
    [
        "/health",                 // load balancers probe it
        "/Setup",                  // the one-time first-admin page (404 once set up)
        "/Account/SignIn",
        "/Account/SignOut",        // harmless without a session; POST only does anything
        "/Error/{code:int?}",      // error pages must render for everyone
        "/c/{token}",              // the contact's form: the link token authenticates (rate-limited per IP)
        "/d/{token}",              // "remove me": the link token authenticates
        "/u/{token}",              // RFC 8058 one-click unsubscribe: mail providers POST without cookies
    ];

    private const string MarketerEmail = "marketer.person@example.com";
    private const string MarketerPassword = "a long marketer password";
    private ReOptInFactory _app = null!;
    private IReadOnlyList<MappedRoute> _routes = [];

    public async Task InitializeAsync()
    {
        _app = ReOptInFactory.Sqlite();
        using var admin = Browser.Open(_app);
        await admin.SetUpAdminAsync();
        await admin.AddUserAsync(MarketerEmail, MarketerPassword, Roles.Marketer);
        _routes = MappedRoute.All(_app.Services);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void The_crawl_sees_the_pages_and_the_api()
    {
        var urls = _routes.Select(r => r.Url).ToList();
        Assert.Contains("/Admin/Users", urls);
        Assert.Contains("/api/v1/me", urls);
        Assert.Contains("/openapi/{documentName}.json", _routes.Select(r => r.Pattern));
    }

    [Fact]
    public void Only_the_listed_routes_allow_strangers()
    {
        var open = _routes.Where(r => r.AllowsAnonymous).Select(r => r.Pattern).Distinct().Order().ToList();
        Assert.True(open.All(PublicPatterns.Contains), "Routes open to strangers but not on the public list: " + string.Join(", ", open.Except(PublicPatterns)));
    }

    [Fact]
    public async Task Every_other_route_refuses_a_stranger()
    {
        using var stranger = Browser.Open(_app);
        var failures = new List<string>();
        foreach (var route in _routes.Where(r => !PublicPatterns.Contains(r.Pattern)))
        {
            foreach (var method in route.Methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), route.Url);
                if (method == "POST") request.Content = new FormUrlEncodedContent([]);
                var response = await stranger.Http.SendAsync(request);
                var refused = route.IsApi
                    ? response.StatusCode == HttpStatusCode.Unauthorized
                    : response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/Account/SignIn", StringComparison.Ordinal);
                if (!refused) failures.Add($"{method} {route.Url} → {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
        Assert.True(failures.Count == 0, "Reachable without signing in:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task Admin_routes_refuse_a_marketer_and_the_rest_serve_one()
    {
        using var marketer = Browser.Open(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await marketer.SignInAsync(MarketerEmail, MarketerPassword)).StatusCode);
        var adminRoutes = _routes.Where(r => r.AdminOnly).ToList();
        Assert.Contains(adminRoutes, r => r.Url == "/Admin/ApiKeys");
        Assert.Contains(adminRoutes, r => r.Url == "/Admin/Bounces/Uploads/1");
        Assert.Contains(adminRoutes, r => r.Url == "/api/v1/campaigns/1/approve");
        Assert.Contains(adminRoutes, r => r.Url == "/api/v1/senders" && r.Methods.Contains("POST"));
        Assert.DoesNotContain(adminRoutes, r => r.Url == "/api/v1/senders" && r.Methods.Contains("GET"));

        // Anything that looks like an admin route must be marked so.
        var unmarked = _routes.Where(r => !r.AdminOnly && (r.Url.StartsWith("/Admin", StringComparison.Ordinal) || r.Url.StartsWith("/api/v1/admin", StringComparison.Ordinal)));
        Assert.Empty(unmarked);

        var failures = new List<string>();
        foreach (var route in _routes.Where(r => !r.IsApi && r.Methods.Contains("GET")))
        {
            var response = await marketer.GetAsync(route.Url);
            var expected = route.AdminOnly
                ? response.StatusCode == HttpStatusCode.Forbidden
                : response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized) && !(response.Headers.Location?.ToString().Contains("SignIn", StringComparison.Ordinal) ?? false);
            if (!expected) failures.Add($"GET {route.Url} → {(int)response.StatusCode}");
        }
        Assert.True(failures.Count == 0, "Wrong answer to a Marketer:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task The_api_refuses_a_marketer_key_on_admin_routes_and_serves_it_elsewhere()
    {
        using var admin = Browser.Open(_app);
        await admin.SignInAsync(Browser.AdminEmail, Browser.AdminPassword);
        var key = await admin.CreateApiKeyAsync("marketer script", MarketerEmail);

        using var script = Browser.Open(_app);
        script.Http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var failures = new List<string>();
        foreach (var route in _routes.Where(r => r.IsApi && r.Methods.Contains("GET")))
        {
            var response = await script.GetAsync(route.Url.Replace("{documentName}", "v1", StringComparison.Ordinal));
            var expected = route.AdminOnly ? response.StatusCode == HttpStatusCode.Forbidden : response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound;
            if (!expected) failures.Add($"GET {route.Url} → {(int)response.StatusCode}");
        }
        // Admin-only changes refuse the key before reading anything.
        foreach (var route in _routes.Where(r => r.IsApi && r.AdminOnly))
            foreach (var method in route.Methods.Where(m => m != "GET"))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), route.Url) { Content = JsonContent.Create(new { }) };
                var response = await script.Http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Forbidden) failures.Add($"{method} {route.Url} → {(int)response.StatusCode}");
            }
        Assert.True(failures.Count == 0, "Wrong answer to a Marketer's key:\n" + string.Join("\n", failures));
        Assert.Equal(MediaTypeHeaderValue.Parse("application/json; charset=utf-8"), (await script.GetAsync("/api/v1/me")).Content.Headers.ContentType);
    }
}
