using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ReOptIn.IntegrationTests.Support;

/// <summary>
/// An app served by Kestrel on a loopback port and Debian's Chromium driven by Playwright
/// (<c>/usr/bin/chromium</c>, or the path in <c>ReOptIn_Test_Chromium</c>). Screenshots go to
/// <c>screenshots/</c> beside the test assembly.
/// </summary>
public sealed class ChromiumApp : IAsyncDisposable
{
    public static readonly string Chromium = Environment.GetEnvironmentVariable("ReOptIn_Test_Chromium") is { Length: > 0 } path ? path : "/usr/bin/chromium";
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private IPlaywright _playwright = null!;

    private ChromiumApp(ReOptInFactory app) => App = app;

    public ReOptInFactory App { get; }

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The app's address, without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    public static async Task<ChromiumApp> StartAsync(ReOptInFactory app)
    {
        Assert.True(File.Exists(Chromium), $"Chromium is missing at {Chromium} (Debian: apt-get install chromium), or set ReOptIn_Test_Chromium.");
        var host = new ChromiumApp(app);
        app.UseKestrel(0);
        app.StartServer();
        host.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        host._playwright = await Playwright.CreateAsync();
        // --no-sandbox: the tests may run as root in a container, where Chromium's sandbox cannot start.
        host.Browser = await host._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(Screenshots);
        return host;
    }

    /// <summary>
    /// A <see cref="Support.Browser"/> over real HTTP to the Kestrel address (the factory's own clients
    /// follow redirects and point at http://localhost once Kestrel serves the app).
    /// </summary>
    public Browser OpenHttpBrowser() =>
        new(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = new Uri(BaseUrl) });

    /// <summary>An <see cref="ApiClient"/> over real HTTP, with the bootstrap admin's key.</summary>
    public ApiClient OpenApi()
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiClient.Key);
        return new ApiClient(http);
    }

    public Task<IBrowserContext> NewContextAsync(string locale = "en-GB", int width = 1280, int height = 900) =>
        NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = locale });

    /// <summary>A browser context whose waits allow for a loaded CI machine (<see cref="SlowMachineTimeout"/>).</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(SlowMachineTimeout);
        context.SetDefaultNavigationTimeout(SlowMachineTimeout);
        return context;
    }

    /// <summary>Signs in through the sign-in page and returns the page, left on wherever sign-in leads.</summary>
    public async Task<IPage> SignInAsync(IBrowserContext context, string email, string password)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(BaseUrl + "/Account/SignIn");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/Account/SignIn", StringComparison.Ordinal),
            new() { Timeout = SlowMachineTimeout });
        // A sign-in that fails answers the page again (200) with its reason: say it, rather than time out waiting.
        if (answer.Status != 302)
            Assert.Fail($"Sign-in as {email} answered {answer.Status}: {await page.Locator("main").InnerTextAsync()}");
        await page.WaitForURLAsync(u => !u.Contains("SignIn", StringComparison.Ordinal), new() { Timeout = SlowMachineTimeout });
        return page;
    }

    /// <summary>CI machines run the whole suite on two cores: a page load can take far longer than Playwright's 30 s default.</summary>
    public const float SlowMachineTimeout = 90_000;

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}
