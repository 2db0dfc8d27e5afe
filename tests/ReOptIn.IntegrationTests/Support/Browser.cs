using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ReOptIn.IntegrationTests.Support;

/// <summary>
/// A person's browser over HTTP: keeps cookies, does not follow redirects (tests look at them),
/// and submits forms the way a browser does, with the antiforgery token the page carries.
/// </summary>
public sealed partial class Browser(HttpClient http) : IDisposable
{
    public const string AdminEmail = "admin.person@example.com";
    public const string AdminPassword = "correct horse battery staple";

    public HttpClient Http { get; } = http;

    public static Browser Open(ReOptInFactory factory) =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public Task<HttpResponseMessage> GetAsync(string url) => Http.GetAsync(url);

    public async Task<string> GetPageAsync(string url)
    {
        var response = await Http.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}, expected 200.");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Loads <paramref name="pageUrl"/>, takes its antiforgery token, and posts the form to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pageUrl, IDictionary<string, string> fields, string? action = null)
    {
        var html = await GetPageAsync(pageUrl);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = TokenIn(html) };
        return await Http.PostAsync(action ?? pageUrl, new FormUrlEncodedContent(form));
    }

    public static string TokenIn(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "The page has no antiforgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public Task<HttpResponseMessage> SetUpAdminAsync(string email = AdminEmail, string password = AdminPassword) =>
        SubmitAsync("/Setup", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

    public Task<HttpResponseMessage> SignInAsync(string email, string password) =>
        SubmitAsync("/Account/SignIn", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    public async Task SignOutAsync()
    {
        var response = await SubmitAsync("/Index", new Dictionary<string, string>(), "/Account/SignOut");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>As an admin, adds a user with a role and returns nothing; asserts it worked.</summary>
    public async Task AddUserAsync(string email, string password, string role)
    {
        var response = await SubmitAsync("/Admin/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.Role"] = role,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>As an admin, creates an API key owned by the user with <paramref name="ownerEmail"/> and returns it.</summary>
    public async Task<string> CreateApiKeyAsync(string name, string? ownerEmail = null)
    {
        var page = await GetPageAsync("/Admin/ApiKeys");
        var owner = ownerEmail is null
            ? SelectedOption().Match(page).Groups[1].Value
            : Regex.Match(page, $"<option value=\"([^\"]+)\"[^>]*>{Regex.Escape(ownerEmail)}</option>").Groups[1].Value;
        var response = await Http.PostAsync("/Admin/ApiKeys?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenIn(page),
            ["Input.Name"] = name,
            ["Input.OwnerId"] = owner,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var key = NewKey().Match(html);
        Assert.True(key.Success, "The new key was not shown.");
        return key.Groups[1].Value.Trim();
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<option selected=\"selected\" value=\"([^\"]+)\"")]
    private static partial Regex SelectedOption();

    [GeneratedRegex("id=\"new-key\">([^<]+)<")]
    private static partial Regex NewKey();
}
