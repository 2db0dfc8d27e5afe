using System.Net;
using Microsoft.Playwright;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Proof;

/// <summary>What a page in Chromium must show: no payload ran, no link runs script, no unsafe markup in a preview.</summary>
internal static class Check
{
    // Returns one line per problem found on the loaded page.
    private const string Inspect = """
        () => {
          const problems = [];
          if (window.__xss !== undefined) problems.push('a payload ran: window.__xss = ' + window.__xss);
          const unsafeIn = root => {
            const found = [];
            for (const e of root.querySelectorAll('*')) {
              for (const a of e.attributes) {
                if (a.name.startsWith('on') && a.value.includes('__xss')) found.push(`<${e.localName} ${a.name}>`);
                if (['href', 'src', 'action', 'formaction'].includes(a.name) && a.value.trim().toLowerCase().startsWith('javascript:')) found.push(`<${e.localName} ${a.name}="${a.value}">`);
              }
              if (e.localName === 'script' && e.textContent.includes('__xss')) found.push('<script> with a payload');
            }
            return found;
          };
          problems.push(...unsafeIn(document));
          for (const frame of document.querySelectorAll('iframe[srcdoc]')) {
            const doc = new DOMParser().parseFromString(frame.srcdoc, 'text/html');
            problems.push(...unsafeIn(doc).map(p => 'in the preview: ' + p));
            if (doc.querySelector('script')) problems.push('in the preview: a <script>');
            if (!frame.hasAttribute('sandbox') || frame.getAttribute('sandbox').includes('allow-scripts')) problems.push('a preview frame may run scripts');
          }
          return problems;
        }
        """;

    public static void Watch(PoisonedApp app, IPage page)
    {
        if (!app.Watched.Add(page)) return;
        page.Dialog += async (_, dialog) =>
        {
            lock (app.Dialogs) app.Dialogs.Add($"{page.Url}: {dialog.Type} “{dialog.Message}”");
            await dialog.DismissAsync();
        };
    }

    public static async Task PageAsync(PoisonedApp app, IPage page, string url)
    {
        Watch(app, page);
        var response = await page.GotoAsync(app.Host.BaseUrl + url);
        Assert.True(response is null || response.Status < 500, $"GET {url} answered {response?.Status}.");
        await LoadedAsync(app, page);
    }

    /// <summary>Inspects the page as it stands (after a navigation or a form post).</summary>
    public static async Task LoadedAsync(PoisonedApp app, IPage page)
    {
        Watch(app, page);
        await page.WaitForLoadStateAsync(LoadState.Load);
        var problems = await page.EvaluateAsync<string[]>(Inspect);
        var path = new Uri(page.Url).PathAndQuery;
        lock (app.Findings) app.Findings.AddRange(problems.Select(p => $"{path}: {p}"));
        app.Texts[path] = await page.InnerTextAsync("body");
    }
}

/// <summary>
/// Payloads in every imported field and in the campaign's text, then every page that shows them opened in
/// Chromium: the pages are found by following links from every page route the app maps, as an admin,
/// plus the contact's own pages. Nothing may run, and the text must be shown, escaped.
/// </summary>
[Collection(PoisonedApp.Collection)]
public sealed class XssDrillTests(PoisonedApp app)
{
    private static readonly string[] Skipped = ["/Account/SignOut", "/Setup", "/Error"];

    /// <summary>The tags whose payload a reader must see as text on at least one page.</summary>
    private static readonly string[] ShownTags =
        ["list", "src", "hdr", "first", "last", "attr", "reject", "campaign", "purpose", "consent", "interest", "incentive", "sender", "postal", "typed", "dest", "subject"];

    [Fact]
    public async Task Every_page_that_shows_hostile_text_shows_it_escaped_and_runs_nothing()
    {
        await using var context = await app.Host.NewContextAsync();
        var page = await app.SignedInAsync(context);

        // The privacy tool shows one person's data after a search (a POST).
        await Check.PageAsync(app, page, "/Admin/Privacy");
        await page.GetByLabel("Email address").FillAsync(PoisonedApp.ContactAddresses[1]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Check.LoadedAsync(app, page);

        var queue = new Queue<string>(MappedRoute.All(app.App.Services)
            .Where(r => r.IsPage && r.Methods.Contains("GET") && !r.Pattern.Contains('{', StringComparison.Ordinal))
            .Select(r => r.Url));
        foreach (var url in new[] { $"/Lists/{app.ListId}", $"/Imports/{app.ImportId}", $"/Campaigns/{app.CampaignId}", $"/Campaigns/{app.CampaignId}/Report" })
            queue.Enqueue(url);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var perPath = new Dictionary<string, int>(StringComparer.Ordinal);
        while (queue.TryDequeue(out var url) && seen.Count < 120)
        {
            var path = url.Split('?')[0];
            if (!seen.Add(url) || Skipped.Any(s => path.StartsWith(s, StringComparison.Ordinal))) continue;
            if ((perPath[path] = perPath.GetValueOrDefault(path) + 1) > 3) continue; // a few filters/pages of the same list are enough
            if (!await IsHtmlAsync(url)) continue;
            await Check.PageAsync(app, page, url);
            foreach (var href in await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"))
                if (href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal))
                    queue.Enqueue(WebUtility.HtmlDecode(href.Split('#')[0]));
        }

        // The contact's pages after they answered, and the decline page in French.
        var contact = await context.Browser!.NewContextAsync();
        var contactPage = await contact.NewPageAsync();
        await Check.PageAsync(app, contactPage, "/c/" + app.Tokens[PoisonedApp.ContactAddresses[1]]);
        await Check.PageAsync(app, contactPage, "/c/" + app.Tokens[PoisonedApp.ContactAddresses[0]] + "?lang=fr");
        await Check.PageAsync(app, contactPage, "/d/" + app.Tokens[PoisonedApp.ContactAddresses[0]]);
        await contact.CloseAsync();

        Assert.True(app.Findings.Count == 0, "Unsafe markup:\n" + string.Join("\n", app.Findings.Distinct()));
        Assert.True(app.Dialogs.Count == 0, "Dialogs opened by payloads:\n" + string.Join("\n", app.Dialogs));
        var visited = app.Texts.Keys.ToList();
        foreach (var expected in new[] { "/Imports/", "/Campaigns/", "/Report", "/Admin/Receipts/", "/Admin/Audit", "/Admin/Senders/", "/Admin/Destinations", "/Lists/", "/c/", "/d/", "/Admin/Bounces/Uploads/" })
            Assert.True(visited.Any(v => v.Contains(expected, StringComparison.Ordinal)), $"No page under {expected} was checked: {string.Join(", ", visited)}");
        var missing = ShownTags.Where(tag => !app.Texts.Values.Any(t => t.Contains(Payload.Visible(tag), StringComparison.Ordinal))).ToList();
        Assert.True(missing.Count == 0, "Payloads never shown as text (dropped or mangled?): " + string.Join(", ", missing));
    }

    [Fact]
    public async Task The_messages_sent_carry_no_script_and_no_javascript_link()
    {
        await using var context = await app.Host.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("about:blank");
        foreach (var received in app.Smtp.Received)
        {
            var html = received.Message.HtmlBody;
            Assert.NotNull(html);
            var unsafeParts = await page.EvaluateAsync<int>("""
                html => {
                  const doc = new DOMParser().parseFromString(html, 'text/html');
                  let n = doc.querySelectorAll('script, iframe, object, embed, svg').length;
                  for (const e of doc.querySelectorAll('*'))
                    for (const a of e.attributes)
                      if (a.name.startsWith('on') || (a.name === 'href' && a.value.trim().toLowerCase().startsWith('javascript:'))) n++;
                  return n;
                }
                """, html);
            Assert.True(unsafeParts == 0, $"The message to {string.Join(",", received.Recipients)} holds {unsafeParts} unsafe parts.");
            Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal); // shown as text
        }
    }

    private async Task<bool> IsHtmlAsync(string url)
    {
        using var response = await app.Admin.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.True((int)response.StatusCode < 500, $"GET {url} answered {(int)response.StatusCode}.");
        return response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "text/html";
    }
}
