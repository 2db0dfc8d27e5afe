using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Reporting;

/// <summary>
/// The report page in a real browser (Debian's Chromium through Playwright): charts drawn by the vendored
/// Chart.js when JavaScript runs, the same figures in tables when it does not. The screenshot goes to
/// <c>screenshots/report.png</c> beside the test assembly (docs/images/report.png is a copy).
/// </summary>
public sealed class ReportPageTests : IAsyncLifetime
{
    private static readonly string Chromium = Environment.GetEnvironmentVariable("ReOptIn_Test_Chromium") is { Length: > 0 } path ? path : "/usr/bin/chromium";
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private ReOptInFactory _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _base = "";
    private int _campaignId;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"Chromium is missing at {Chromium} (Debian: apt-get install chromium), or set ReOptIn_Test_Chromium.");
        _app = ReOptInFactory.Sqlite(ApiClient.BootstrapSettings);
        _app.UseKestrel(0);
        _app.StartServer();
        _base = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        _campaignId = await ReportFunnelTests.SeedAsync(_app);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<IPage> SignedInAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(_base + "/Account/SignIn");
        await page.GetByLabel("Email").FillAsync(ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!);
        await page.GetByLabel("Password").FillAsync(ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("SignIn", StringComparison.Ordinal));
        await page.GotoAsync($"{_base}/Campaigns/{_campaignId}/Report");
        return page;
    }

    [Fact]
    public async Task With_JavaScript_the_charts_are_drawn_beside_the_tables()
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await SignedInAsync(context);
        var perDay = page.Locator("canvas[data-chart=per-day]");
        await perDay.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        Assert.True(await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('canvas[data-chart]')].every(c => Chart.getChart(c) !== undefined)"));
        // The chart holds the same figures as the table: 4 confirmations on 2 March, 3 on 4 March.
        var drawn = await page.EvaluateAsync<int[]>("() => Chart.getChart(document.querySelector('canvas[data-chart=per-day]')).data.datasets[0].data.filter(n => n > 0)");
        Assert.Equal(new[] { 4, 3 }, drawn);
        Assert.True(await page.Locator("#funnel").IsVisibleAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "report.png"), FullPage = true });
    }

    [Fact]
    public async Task Without_JavaScript_the_tables_carry_every_figure_and_no_empty_chart_shows()
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = await SignedInAsync(context);
        Assert.StartsWith("Report: Seeded", (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync())!.Trim(), StringComparison.Ordinal);
        Assert.False(await page.Locator(".chart").First.IsVisibleAsync());
        Assert.Equal(6, await page.Locator("#funnel tbody tr").CountAsync());
        Assert.Equal("7", (await page.Locator("#funnel tr[data-key=confirmed] td").First.TextContentAsync())!.Trim());
        Assert.Equal("24", (await page.Locator("#outcomes tfoot td").First.TextContentAsync())!.Trim());
        Assert.True(await page.Locator("#by-list").IsVisibleAsync());
        Assert.True(await page.Locator("#by-domain").IsVisibleAsync());
        Assert.True(await page.Locator("#by-bounce-reason").IsVisibleAsync());
        await page.GetByText("The figures, day by day").ClickAsync();
        Assert.True(await page.Locator("#per-day").IsVisibleAsync());
    }
}
