using System.Net;
using System.Text.RegularExpressions;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Security;

/// <summary>Every POST form carries an antiforgery token, and every form's POST without one is refused.</summary>
public sealed partial class AntiforgeryTests : IAsyncLifetime
{
    private ReOptInFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = ReOptInFactory.Sqlite();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Every_form_on_every_page_carries_a_token_and_is_refused_without_one()
    {
        var forms = new List<(string Page, string Action, string Body)>();
        using (var newcomer = Browser.Open(_app))
            forms.AddRange(FormsIn("/Setup", await newcomer.GetPageAsync("/Setup")));

        using var admin = Browser.Open(_app);
        await admin.SetUpAdminAsync();
        using (var stranger = Browser.Open(_app))
            forms.AddRange(FormsIn("/Account/SignIn", await stranger.GetPageAsync("/Account/SignIn")));
        foreach (var route in MappedRoute.All(_app.Services).Where(r => r.IsPage && !r.Url.Contains("sample", StringComparison.Ordinal) && !r.Url.Contains("/1", StringComparison.Ordinal)))
        {
            var response = await admin.GetAsync(route.Url);
            if (response.StatusCode == HttpStatusCode.OK)
                forms.AddRange(FormsIn(route.Url, await response.Content.ReadAsStringAsync()));
        }

        var actions = forms.Select(f => f.Action).ToList();
        Assert.Contains("/Account/SignOut", actions);
        Assert.Contains(actions, a => a.StartsWith("/Admin/Users?", StringComparison.Ordinal) && a.Contains("handler=Role", StringComparison.Ordinal));
        Assert.Contains(actions, a => a.StartsWith("/Admin/ApiKeys?handler=Create", StringComparison.Ordinal));

        var withoutToken = forms.Where(f => !f.Body.Contains("name=\"__RequestVerificationToken\"", StringComparison.Ordinal)).ToList();
        Assert.True(withoutToken.Count == 0, "Forms without a token: " + string.Join(", ", withoutToken.Select(f => $"{f.Page} → {f.Action}")));

        var accepted = new List<string>();
        foreach (var action in actions.Distinct())
        {
            // The admin's cookies, a plausible form, no token.
            var response = await admin.Http.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Name"] = "x", ["role"] = "Admin" }));
            if (response.StatusCode != HttpStatusCode.BadRequest) accepted.Add($"{action} → {(int)response.StatusCode}");
        }
        Assert.True(accepted.Count == 0, "POST without a token was not refused: " + string.Join(", ", accepted));
    }

    [Fact]
    public async Task Sign_out_without_a_token_leaves_the_person_signed_in()
    {
        using var admin = Browser.Open(_app);
        await admin.SetUpAdminAsync();
        var forged = await admin.Http.PostAsync("/Account/SignOut", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/")).StatusCode);
    }

    private static IEnumerable<(string Page, string Action, string Body)> FormsIn(string page, string html)
    {
        foreach (Match form in PostForm().Matches(html))
        {
            var action = ActionAttribute().Match(form.Groups["attrs"].Value) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : page;
            yield return (page, action, form.Groups["body"].Value);
        }
    }

    [GeneratedRegex("<form(?<attrs>[^>]*method=\"post\"[^>]*)>(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex PostForm();

    [GeneratedRegex("action=\"([^\"]*)\"")]
    private static partial Regex ActionAttribute();
}
