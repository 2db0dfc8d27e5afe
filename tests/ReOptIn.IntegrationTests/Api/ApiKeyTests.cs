using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Api;

/// <summary>The JSON API with <c>X-Api-Key</c>, and the headless bootstrap that creates the first admin and key.</summary>
public sealed class ApiKeyTests
{
    private const string BootstrapKey = "bootstrap-key-0123456789abcdef0123456789abcdef";
    private static readonly Dictionary<string, string?> Bootstrap = new()
    {
        ["Bootstrap:AdminEmail"] = "ops.person@example.com",
        ["Bootstrap:AdminPassword"] = "a long bootstrap password",
        ["Bootstrap:ApiKey"] = BootstrapKey,
    };

    private sealed record Me(string UserId, string? Name, string Role, string? ApiKeyName);

    [Fact]
    public async Task Bootstrap_creates_the_admin_and_the_key_and_the_api_answers_to_it()
    {
        await using var app = ReOptInFactory.Sqlite(Bootstrap);
        using var script = Browser.Open(app);

        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/v1/me")).StatusCode);
        script.Http.DefaultRequestHeaders.Add("X-Api-Key", BootstrapKey);
        var me = await script.Http.GetFromJsonAsync<Me>("/api/v1/me");
        Assert.Equal(("ops.person@example.com", Roles.Admin, "bootstrap"), (me!.Name, me.Role, me.ApiKeyName));

        // The admin can sign in with the bootstrap password, and there is no setup page.
        using var person = Browser.Open(app);
        Assert.Equal(HttpStatusCode.NotFound, (await person.GetAsync("/Setup")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await person.SignInAsync("ops.person@example.com", "a long bootstrap password")).StatusCode);

        // Only the hash is stored.
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var stored = await db.ApiKeys.SingleAsync();
        Assert.Equal(32, stored.SecretHash.Length);
        Assert.DoesNotContain(BootstrapKey, stored.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bootstrap_is_ignored_once_users_exist()
    {
        await using var app = ReOptInFactory.Sqlite();
        using (var admin = Browser.Open(app)) await admin.SetUpAdminAsync();
        await using var restarted = app.Twin(Bootstrap);
        using var script = Browser.Open(restarted);
        script.Http.DefaultRequestHeaders.Add("X-Api-Key", BootstrapKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/v1/me")).StatusCode);
        await using var scope = restarted.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ReOptInDb>().Users.CountAsync());
    }

    [Fact]
    public void A_short_bootstrap_key_stops_the_start_with_a_clear_message()
    {
        using var app = ReOptInFactory.Sqlite(new Dictionary<string, string?>(Bootstrap) { ["Bootstrap:ApiKey"] = "short" });
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("Bootstrap:ApiKey must be at least 32 characters", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_made_on_the_admin_page_acts_as_its_owner_until_revoked()
    {
        await using var app = ReOptInFactory.Sqlite();
        using var admin = Browser.Open(app);
        await admin.SetUpAdminAsync();
        await admin.AddUserAsync("marketer.person@example.com", "a long marketer password", Roles.Marketer);
        var key = await admin.CreateApiKeyAsync("nightly export", "marketer.person@example.com");
        Assert.StartsWith(ApiKey.Prefix, key, StringComparison.Ordinal);
        Assert.True(key.Length >= 40, "Keys carry at least 128 random bits.");

        using var script = Browser.Open(app);
        script.Http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var me = await script.Http.GetFromJsonAsync<Me>("/api/v1/me");
        Assert.Equal(("marketer.person@example.com", Roles.Marketer, "nightly export"), (me!.Name, me.Role, me.ApiKeyName));

        // The key is not on the page any more.
        var page = await admin.GetPageAsync("/Admin/ApiKeys");
        Assert.DoesNotContain(key, page, StringComparison.Ordinal);
        Assert.Contains("nightly export", page, StringComparison.Ordinal);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var id = await scope.ServiceProvider.GetRequiredService<ReOptInDb>().ApiKeys.Select(k => k.Id).SingleAsync();
            var revoke = await admin.SubmitAsync("/Admin/ApiKeys", new Dictionary<string, string>(), $"/Admin/ApiKeys?handler=Revoke&id={id}");
            Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_the_openapi_document_needs_a_key()
    {
        await using var app = ReOptInFactory.Sqlite(Bootstrap);
        using var stranger = Browser.Open(app);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/openapi/v1.json")).StatusCode);
        stranger.Http.DefaultRequestHeaders.Add("X-Api-Key", BootstrapKey[..^1] + "X");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/v1/me")).StatusCode);

        using var script = Browser.Open(app);
        script.Http.DefaultRequestHeaders.Add("X-Api-Key", BootstrapKey);
        var document = await script.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("\"/api/v1/me\"", await document.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
