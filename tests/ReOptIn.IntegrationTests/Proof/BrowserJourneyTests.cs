using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReOptIn.Core.Composing;
using ReOptIn.IntegrationTests.Confirming;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Proof;

/// <summary>
/// The whole job in a real browser (Debian's Chromium through Playwright), as people do it: the first
/// admin sets up the app and a sender; a list is uploaded (progress, rejects, mapping); the request is
/// written with the live checks, previewed and test-sent; it is approved and launched; contacts confirm
/// and decline in English and French; the report shows its chart; the confirmed contacts are exported.
/// Each step is saved as <c>screenshots/journey-NN-step.png</c> beside the test assembly.
/// </summary>
public sealed partial class BrowserJourneyTests : IAsyncLifetime
{
    private const string AdminEmail = "admin.journey@example.com";
    private const string AdminPassword = "correct horse battery staple";
    private static readonly string[] Contacts = ["emma.wilson@example.com", "lucie.martin@example.fr", "oliver.brown@example.com", "hugo.bernard@example.fr"];
    private TestSmtpServer _smtp = null!;
    private ChromiumApp _host = null!;
    private int _step;

    public async Task InitializeAsync()
    {
        _smtp = await TestSmtpServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Sending:PollInterval"] = "00:00:00.200",
            ["Links:PublicBaseUrl"] = "https://optin.example.com",
        };
        foreach (var (k, v) in ContactFixture.Settings()) settings[k] = v;
        _host = await ChromiumApp.StartAsync(ReOptInFactory.Sqlite(settings));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private Task ShotAsync(IPage page, string name) => ChromiumApp.ScreenshotAsync(page, $"journey-{++_step:00}-{name}");

    [Fact]
    public async Task An_admin_runs_a_whole_campaign_and_contacts_answer_in_English_and_French()
    {
        await using var context = await _host.NewContextAsync();
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, d) => { dialogs.Add(d.Message); await d.AcceptAsync(); };

        // First run: the app leads to the one-time setup page.
        await page.GotoAsync(_host.BaseUrl + "/");
        Assert.EndsWith("/Setup", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Email").FillAsync(AdminEmail);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(AdminPassword);
        await page.GetByLabel("Password again").FillAsync(AdminPassword);
        await ShotAsync(page, "setup");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the admin account" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/Setup", StringComparison.Ordinal));

        // The sender: the company relay (here the test SMTP server), and its connection test.
        await page.GotoAsync(_host.BaseUrl + "/Admin/Senders/Edit");
        await page.Locator("#Input_Name").FillAsync("Shop relay");
        await page.Locator("#Input_FromName").FillAsync("Example Shop");
        await page.Locator("#Input_FromAddress").FillAsync("news@shop.example.com");
        await page.Locator("#Input_PostalAddress").FillAsync("1 Rue de la Paix, 75002 Paris");
        await page.Locator("#Input_SmtpHost").FillAsync(_smtp.Host);
        await page.Locator("#Input_SmtpPort").FillAsync(_smtp.Port.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#Input_SmtpSecurity").SelectOptionAsync("None");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await ExpectUrlAsync(page, @"/Admin/Senders/Edit/\d+$");
        await page.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        await page.Locator(".alert-success").WaitForAsync();
        await ShotAsync(page, "sender");

        // A list: uploaded, its columns reviewed, imported with progress, rejects explained.
        await page.GotoAsync(_host.BaseUrl + "/Lists/Create");
        await page.Locator("#Input_Name").FillAsync("Shop customers 2016–2021");
        await page.Locator("#Input_Source").FillAsync("You bought from our online shop between 2016 and 2021.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and upload" }).ClickAsync();
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "customers.csv", MimeType = "text/csv", Buffer = CustomersCsv() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and review" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Review “customers.csv”" }).WaitForAsync();
        Assert.Equal("Email", await page.Locator("#field-0").InputValueAsync());
        Assert.Equal("FirstName", await page.Locator("#field-1").InputValueAsync());
        await ShotAsync(page, "mapping");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/Imports/\d+$"));
        if (await page.Locator(".progress").IsVisibleAsync()) await ShotAsync(page, "progress");
        await page.GetByText("Done:").WaitForAsync(new() { Timeout = ChromiumApp.SlowMachineTimeout });
        var done = await page.Locator(".alert-success").TextContentAsync();
        Assert.Contains($"{Contacts.Length} contacts added or kept from {Contacts.Length + BadRows} rows", done, StringComparison.Ordinal);
        Assert.Contains("Download the rejected rows", await page.ContentAsync(), StringComparison.Ordinal);
        await ShotAsync(page, "import-done");

        // The request: a shouting subject is caught while typing, then fixed; saved, previewed, test-sent.
        await page.GotoAsync(_host.BaseUrl + "/Campaigns/Edit");
        var content = DefaultRequest.For("en");
        await page.Locator("#Input_Name").FillAsync("Spring re-permission");
        await page.Locator("#Input_SenderId").SelectOptionAsync(new SelectOptionValue { Index = 1 }); // the one sender, after "— choose —"
        await page.GetByLabel("Shop customers 2016–2021").CheckAsync();
        await page.Locator("#Input_Purpose").FillAsync("a monthly newsletter with our new products and events");
        await page.Locator("#Input_Subject").FillAsync("FREE GIFT!!! 50% OFF");
        await page.Locator("#findings").GetByText("RP004").First.WaitForAsync();
        await ShotAsync(page, "lint");
        await page.Locator("#Input_Subject").FillAsync(content.Subject);
        await page.Locator("#Input_ConsentStatement").FillAsync("Yes, send me the Example Shop newsletter by email.");
        await page.Locator("#Input_IncentiveDescription").FillAsync("A thank-you code for your next order");
        await page.Locator("#Input_IncentiveCode").FillAsync("THANKS10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await ExpectUrlAsync(page, @"/Campaigns/\d+$");
        var campaignUrl = page.Url;
        var preview = page.FrameLocator("iframe[title='HTML version of the request']");
        await preview.GetByText("Hello").First.WaitForAsync();
        await page.Locator("#TestTo").FillAsync("marketing.team@shop.example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        var test = (await _smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(15)))[0];
        Assert.StartsWith("[Test] ", test.Message.Subject, StringComparison.Ordinal);
        await ShotAsync(page, "preview-and-test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();

        // Approval and launch.
        await page.GetByRole(AriaRole.Link, new() { Name = "Review for approval" }).ClickAsync();
        var acknowledge = page.Locator("#AcknowledgeWarnings");
        if (await acknowledge.CountAsync() > 0) await acknowledge.CheckAsync();
        await ShotAsync(page, "approval");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await page.GotoAsync(campaignUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "Launch…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Launch now" }).ClickAsync();
        var received = await _smtp.WaitForMessagesAsync(1 + Contacts.Length, TimeSpan.FromSeconds(30));
        await page.GotoAsync(campaignUrl);
        await ShotAsync(page, "sending");
        var links = received.Skip(1).ToDictionary(m => m.Recipients.Single(), m => Link().Match(m.Message.TextBody ?? "").Value);
        Assert.All(Contacts, c => Assert.StartsWith("http", links[c], StringComparison.Ordinal));

        // The contacts: Emma confirms in English, Lucie switches to French and confirms, Oliver and Hugo decline.
        await ConfirmAsync(links[Contacts[0]], french: false, shot: "confirm-en");
        await ConfirmAsync(links[Contacts[1]], french: true, shot: "confirm-fr");
        await DeclineAsync(links[Contacts[2]], french: false);
        await DeclineAsync(links[Contacts[3]], french: true);

        // The report with its chart, then the export of who confirmed.
        await page.GotoAsync(campaignUrl + "/Report");
        await page.Locator("canvas[data-chart=per-day]").WaitForAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('canvas[data-chart]')].every(c => Chart.getChart(c) !== undefined)"));
        await ShotAsync(page, "report");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Confirmed contacts (CSV)" }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains(Contacts[0], csv, StringComparison.Ordinal);
        Assert.Contains(Contacts[1], csv, StringComparison.Ordinal);
        Assert.DoesNotContain(Contacts[2], csv, StringComparison.Ordinal);
        Assert.DoesNotContain(Contacts[3], csv, StringComparison.Ordinal);
        Assert.Empty(dialogs);
    }

    private async Task ConfirmAsync(string link, bool french, string shot)
    {
        await using var context = french
            ? await _host.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, Locale = "fr-FR" })
            : await _host.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Local(link));
        if (french)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Français" }).ClickAsync();
            Assert.Equal("fr", await page.Locator("html").GetAttributeAsync("lang"));
        }
        await page.Locator("#consent").CheckAsync();
        await ShotAsync(page, shot);
        await page.GetByRole(AriaRole.Button, new() { Name = french ? "Oui, envoyez-moi ces messages" : "Yes, send me these emails" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = french ? "Merci : c’est confirmé" : "Thank you: it is confirmed" }).WaitForAsync();
        Assert.Equal("THANKS10", await page.Locator(".code").TextContentAsync());
        await ShotAsync(page, shot.Replace("confirm", "thanks", StringComparison.Ordinal));
    }

    private async Task DeclineAsync(string link, bool french)
    {
        await using var context = await _host.NewContextAsync(french ? "fr-FR" : "en-GB");
        var page = await context.NewPageAsync();
        await page.GotoAsync(Local(link));
        if (french) await page.GetByRole(AriaRole.Link, new() { Name = "Français" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = french ? "Non merci" : "No thanks" }).First.ClickAsync();
        await page.Locator("form button[type=submit]").First.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal(french ? "fr" : "en", await page.Locator("html").GetAttributeAsync("lang"));
        if (french) await ShotAsync(page, "declined-fr");
    }

    /// <summary>Waits for the page a form leads to; if the form came back instead, says what it complained about.</summary>
    private static async Task ExpectUrlAsync(IPage page, string pattern)
    {
        try
        {
            await page.WaitForURLAsync(new Regex(pattern), new() { Timeout = ChromiumApp.SlowMachineTimeout });
        }
        catch (TimeoutException)
        {
            var complaints = await page.Locator(".text-danger, .alert-danger, .validation-summary-errors").AllTextContentsAsync();
            var invalid = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll(':invalid')].map(e => e.name || e.id)");
            await ChromiumApp.ScreenshotAsync(page, "journey-failure");
            Assert.Fail($"Still on {page.Url}: {string.Join(" | ", complaints.Where(c => c.Trim().Length > 0))}; invalid fields: {string.Join(", ", invalid)}");
        }
    }

    /// <summary>The link in the message points at the configured public address; the test app serves it on its own port.</summary>
    private string Local(string link) => _host.BaseUrl + new Uri(link).PathAndQuery;

    private const int BadRows = 3;

    private static byte[] CustomersCsv()
    {
        var csv = new StringBuilder("Email,First name,Last name,Country,Customer since\r\n");
        string[] names = ["Emma,Wilson,Ireland", "Lucie,Martin,France", "Oliver,Brown,United States", "Hugo,Bernard,Belgium"];
        for (var i = 0; i < Contacts.Length; i++) csv.Append(CultureInfo.InvariantCulture, $"{Contacts[i]},{names[i]},2018-03-1{i}\r\n");
        csv.Append("not-an-address,Bad,Row,France,2019-01-01\r\n");
        csv.Append("EMMA.WILSON@example.com,Emma,Wilson,Ireland,2018-03-10\r\n");
        csv.Append("someone@,Half,Address,France,2019-01-01\r\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    [GeneratedRegex(@"https?://[^\s<>()\[\]]+/c/[A-Za-z0-9_\-]+")]
    private static partial Regex Link();
}
