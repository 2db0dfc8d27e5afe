using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReOptIn.Core.Accounts;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Proof;

/// <summary>
/// Fills what <see cref="Security.RouteCrawlTests"/> leaves out: every method of every route (not only
/// GET), as a stranger, as a signed-in Marketer and with a Marketer's API key, never answers 5xx; and
/// every POST handler of an admin page refuses a Marketer who carries a valid antiforgery token (so the
/// refusal is the role check, not the missing token).
/// </summary>
public sealed partial class RouteDrillTests : IAsyncLifetime
{
    private const string MarketerEmail = "marketer.drill@example.com";
    private const string MarketerPassword = "a long marketer password";
    private ReOptInFactory _app = null!;
    private string _marketerKey = "";

    public async Task InitializeAsync()
    {
        _app = ReOptInFactory.Sqlite();
        using var admin = Browser.Open(_app);
        await admin.SetUpAdminAsync();
        await admin.AddUserAsync(MarketerEmail, MarketerPassword, Roles.Marketer);
        _marketerKey = await admin.CreateApiKeyAsync("marketer drill", MarketerEmail);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task No_route_answers_a_server_error_to_a_stranger_a_marketer_or_a_marketer_key()
    {
        using var stranger = Browser.Open(_app);
        using var marketer = Browser.Open(_app);
        await marketer.SignInAsync(MarketerEmail, MarketerPassword);
        var token = Browser.TokenIn(await marketer.GetPageAsync("/Index"));
        using var script = Browser.Open(_app);
        script.Http.DefaultRequestHeaders.Add("X-Api-Key", _marketerKey);

        var failures = new List<string>();
        var requests = 0;
        foreach (var route in MappedRoute.All(_app.Services).Where(r => r.Pattern != "/Account/SignOut"))
            foreach (var method in route.Methods)
                foreach (var (who, client) in new[] { ("stranger", stranger), ("marketer", marketer), ("marketer key", script) })
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), route.Url.Replace("{documentName}", "v1", StringComparison.Ordinal));
                    if (method != "GET")
                        request.Content = route.IsApi
                            ? JsonContent.Create(new { name = "x", email = "not an address", id = -1 })
                            : new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Input.Name"] = "x" });
                    var response = await client.Http.SendAsync(request);
                    requests++;
                    if ((int)response.StatusCode >= 500) failures.Add($"{who}: {method} {route.Url} → {(int)response.StatusCode}");
                    if (route.AdminOnly && response.IsSuccessStatusCode) failures.Add($"{who}: {method} {route.Url} → {(int)response.StatusCode} on an admin route");
                }
        Assert.True(requests > 200, $"Only {requests} requests were made.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_admin_page_handler_refuses_a_marketer_with_a_valid_token()
    {
        using var marketer = Browser.Open(_app);
        await marketer.SignInAsync(MarketerEmail, MarketerPassword);
        var token = Browser.TokenIn(await marketer.GetPageAsync("/Index"));
        var routes = MappedRoute.All(_app.Services).Where(r => r.PagePath is not null).GroupBy(r => r.PagePath!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var handlers = typeof(ReOptIn.Web.Pages.Setup.IndexModel).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(PageModel)) && t.Namespace!.StartsWith("ReOptIn.Web.Pages.Admin", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => PostHandler().Match(m.Name)).Where(m => m.Success)
                .Select(m => (Route: routes[t.Namespace!["ReOptIn.Web.Pages".Length..].Replace('.', '/') + "/" + t.Name[..^"Model".Length]], Handler: m.Groups[1].Value)))
            .ToList();
        Assert.True(handlers.Count > 20, $"Only {handlers.Count} admin handlers found.");
        var failures = new List<string>();
        foreach (var (route, handler) in handlers)
        {
            Assert.True(route.AdminOnly, $"{route.Url} is under /Admin but not marked Admin-only.");
            var url = route.Url + (handler.Length > 0 ? "?handler=" + handler : "");
            var response = await marketer.Http.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            if (response.StatusCode != HttpStatusCode.Forbidden) failures.Add($"POST {url} → {(int)response.StatusCode}");
        }
        Assert.True(failures.Count == 0, "Admin handlers that did not refuse a Marketer:\n" + string.Join("\n", failures));
    }

    [GeneratedRegex("^OnPost(\\w*?)(?:Async)?$")]
    private static partial Regex PostHandler();
}
