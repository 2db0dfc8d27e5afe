using System.Text.RegularExpressions;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Proof;

/// <summary>
/// Every POST form on every page an admin can open (new-item pages included) names where it goes. A form
/// whose tag helper got a null route value rendered <c>action=""</c>: the browser then posted to the page
/// itself without a handler, and a new sender, campaign or destination could not be saved in a browser.
/// </summary>
public sealed partial class FormActionTests
{
    [Fact]
    public async Task Every_post_form_has_an_action_that_names_a_handler()
    {
        await using var app = ReOptInFactory.Sqlite();
        using var admin = Browser.Open(app);
        await admin.SetUpAdminAsync();
        var empty = new List<string>();
        var checkedForms = 0;
        foreach (var route in MappedRoute.All(app.Services).Where(r => r.IsPage && r.Methods.Contains("GET") && !r.Pattern.Contains('{', StringComparison.Ordinal) || r.Pattern.EndsWith("{id:int?}", StringComparison.Ordinal)))
        {
            var url = route.Pattern.Replace("/{id:int?}", "", StringComparison.Ordinal);
            var response = await admin.GetAsync(url);
            if (response.StatusCode != System.Net.HttpStatusCode.OK) continue;
            foreach (Match form in PostForm().Matches(await response.Content.ReadAsStringAsync()))
            {
                checkedForms++;
                if (form.Value.Contains("action=\"\"", StringComparison.Ordinal)) empty.Add($"{url}: {form.Value}");
            }
        }
        Assert.True(checkedForms > 10, $"Only {checkedForms} forms seen.");
        Assert.True(empty.Count == 0, "Forms that post nowhere:\n" + string.Join("\n", empty));
    }

    [GeneratedRegex("<form[^>]*method=\"post\"[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex PostForm();
}
