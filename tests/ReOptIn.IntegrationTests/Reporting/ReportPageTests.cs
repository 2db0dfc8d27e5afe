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
    private ChromiumApp _host = null!;
    private int _campaignId;

    public async Task InitializeAsync()
    {
        _host = await ChromiumApp.StartAsync(ReOptInFactory.Sqlite(ApiClient.BootstrapSettings));
        _campaignId = await ReportFunnelTests.SeedAsync(_host.App);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<IPage> SignedInAsync(IBrowserContext context)
    {
        var page = await _host.SignInAsync(context, ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!, ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!);
        await page.GotoAsync($"{_host.BaseUrl}/Campaigns/{_campaignId}/Report");
        return page;
    }

    [Fact]
    public async Task With_JavaScript_the_charts_are_drawn_beside_the_tables()
    {
        await using var context = await _host.NewContextAsync();
        var page = await SignedInAsync(context);
        var perDay = page.Locator("canvas[data-chart=per-day]");
        await perDay.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        Assert.True(await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('canvas[data-chart]')].every(c => Chart.getChart(c) !== undefined)"));
        // The chart holds the same figures as the table: 4 confirmations on 2 March, 3 on 4 March.
        var drawn = await page.EvaluateAsync<int[]>("() => Chart.getChart(document.querySelector('canvas[data-chart=per-day]')).data.datasets[0].data.filter(n => n > 0)");
        Assert.Equal(new[] { 4, 3 }, drawn);
        Assert.True(await page.Locator("#funnel").IsVisibleAsync());
        await ChromiumApp.ScreenshotAsync(page, "report");
    }

    [Fact]
    public async Task Without_JavaScript_the_tables_carry_every_figure_and_no_empty_chart_shows()
    {
        await using var context = await _host.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
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
