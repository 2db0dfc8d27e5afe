using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReOptIn.Core.Campaigns;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Confirming;

/// <summary>
/// A contact confirms in a real browser (Debian's Chromium through Playwright), in English with the
/// mouse on a desktop and in French with the keyboard on a phone-sized screen; screenshots of the
/// form go to <c>screenshots/</c> beside the test assembly. Chromium: <c>/usr/bin/chromium</c>, or
/// the path in <c>ReOptIn_Test_Chromium</c>.
/// </summary>
public sealed class BrowserTests : IAsyncLifetime
{
    private ChromiumApp _host = null!;
    private ReOptInFactory _app = null!;
    private string _base = "";

    public async Task InitializeAsync()
    {
        _host = await ChromiumApp.StartAsync(ReOptInFactory.Sqlite(ContactFixture.Settings()));
        _app = _host.App;
        _base = _host.BaseUrl;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_contact_confirms_in_English_on_a_desktop()
    {
        var sent = await ContactFixture.SendAsync(_app, firstName: "Jane");
        await using var context = await _host.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(_base + sent.ConfirmUrl);
        Assert.Equal("Would you like to hear from Example Shop?", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        await ChromiumApp.ScreenshotAsync(page, "confirm-desktop-en");

        // Submitting without the box says why, and nothing is saved.
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, send me these emails" }).ClickAsync();
        Assert.Contains("Please tick the box", await page.GetByRole(AriaRole.Alert).TextContentAsync(), StringComparison.Ordinal);
        Assert.NotEqual(RequestState.Confirmed, (await ContactFixture.RequestAsync(_app, sent.RequestId)).State);

        await page.GetByLabel("Shoes").CheckAsync();
        await page.GetByLabel(ContactFixture.Statement).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, send me these emails" }).ClickAsync();
        Assert.Equal("Thank you: it is confirmed", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        Assert.Equal("THANKS10", await page.Locator(".code").TextContentAsync());

        Assert.Equal(RequestState.Confirmed, (await ContactFixture.RequestAsync(_app, sent.RequestId)).State);
        var receipt = await ContactFixture.ReadAsync(_app, db => db.Receipts.AsNoTracking().SingleAsync(r => r.RequestId == sent.RequestId));
        Assert.Contains("Shoes", receipt.FormJson, StringComparison.Ordinal);
        Assert.Contains("Chrome", receipt.UserAgent, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", receipt.IpAddress);
    }

    [Fact]
    public async Task A_contact_confirms_in_French_on_a_phone_with_the_keyboard()
    {
        var sent = await ContactFixture.SendAsync(_app, firstName: "Zoé", language: "fr");
        await using var context = await _host.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, DeviceScaleFactor = 2, IsMobile = true, HasTouch = true, Locale = "fr-FR",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_base + sent.ConfirmUrl);
        Assert.Equal("fr", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Souhaitez-vous recevoir les messages de Example Shop ?", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        // Fits the screen: nothing wider than the viewport.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await ChromiumApp.ScreenshotAsync(page, "confirm-phone-fr");

        // Keyboard only: focus the consent box, tick it with Space, submit with Enter.
        var consent = page.GetByLabel(ContactFixture.Statement);
        await consent.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        Assert.True(await consent.IsCheckedAsync());
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Oui, envoyez-moi ces messages", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Merci : c’est confirmé" }).WaitForAsync();
        await ChromiumApp.ScreenshotAsync(page, "thanks-phone-fr");

        Assert.Equal(RequestState.Confirmed, (await ContactFixture.RequestAsync(_app, sent.RequestId)).State);
        Assert.Equal("fr", await ContactFixture.ReadAsync(_app, db => db.Receipts.Where(r => r.RequestId == sent.RequestId).Select(r => r.Language).SingleAsync()));
    }
}
