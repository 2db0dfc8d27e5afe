using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Identity;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Accounts;

/// <summary>
/// The first minutes of a new installation, the same on every database: the app migrates a new
/// database, the setup page creates the admin and then disappears, sign-in, sign-out and lockout work.
/// </summary>
public abstract class FirstRunJourney : IAsyncLifetime
{
    protected ReOptInFactory App { get; private set; } = null!;

    protected abstract Task<ReOptInFactory> CreateAppAsync();

    public async Task InitializeAsync() => App = await CreateAppAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();

    [Fact]
    public async Task A_new_installation_is_set_up_signed_into_and_signed_out_of()
    {
        using var browser = Browser.Open(App);

        var health = await browser.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/Setup", home.Headers.Location?.OriginalString);

        var setup = await browser.SetUpAdminAsync();
        Assert.Equal(HttpStatusCode.Redirect, setup.StatusCode);
        var overview = await browser.GetPageAsync("/");
        Assert.Contains("Your admin account is ready.", overview);
        Assert.Contains(Browser.AdminEmail, overview);

        // The setup page is gone for good, for everyone.
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/Setup")).StatusCode);
        using (var stranger = Browser.Open(App))
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/Setup")).StatusCode);

        await browser.SignOutAsync();
        var afterSignOut = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, afterSignOut.StatusCode);
        Assert.StartsWith("http://localhost/Account/SignIn", afterSignOut.Headers.Location?.ToString());

        var wrong = await browser.SignInAsync(Browser.AdminEmail, "not the password at all");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("do not match an account", await wrong.Content.ReadAsStringAsync());

        var signIn = await browser.SignInAsync(Browser.AdminEmail, Browser.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("Overview", await browser.GetPageAsync("/"));

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var actions = await db.AuditLog.Select(a => a.Action).ToListAsync();
        Assert.Contains(AuditActions.SetupCompleted, actions);
        Assert.Contains(AuditActions.SignInFailed, actions);
        Assert.Contains(AuditActions.SignedIn, actions);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_an_admin_can_unlock_it()
    {
        using var admin = Browser.Open(App);
        await admin.SetUpAdminAsync();
        await admin.AddUserAsync("marketer.person@example.com", "a long marketer password", Roles.Marketer);

        using var attacker = Browser.Open(App);
        for (var i = 0; i < 5; i++)
            await attacker.SignInAsync("marketer.person@example.com", "guess number " + i);
        var locked = await attacker.SignInAsync("marketer.person@example.com", "a long marketer password");
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync());

        var users = await admin.GetPageAsync("/Admin/Users");
        Assert.Contains("Unlock", users);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            var id = await db.Users.Where(u => u.Email == "marketer.person@example.com").Select(u => u.Id).SingleAsync();
            var unlock = await admin.SubmitAsync("/Admin/Users", new Dictionary<string, string>(), $"/Admin/Users?handler=Unlock&id={id}");
            Assert.Equal(HttpStatusCode.Redirect, unlock.StatusCode);
        }

        using var marketer = Browser.Open(App);
        var signIn = await marketer.SignInAsync("marketer.person@example.com", "a long marketer password");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task Eight_people_submitting_the_setup_form_at_once_make_exactly_one_admin()
    {
        var people = Enumerable.Range(0, 8).Select(_ => Browser.Open(App)).ToList();
        try
        {
            // Every one of them has the form open before anyone submits it.
            var tokens = new List<string>();
            foreach (var person in people) tokens.Add(Browser.TokenIn(await person.GetPageAsync("/Setup")));
            var answers = await Task.WhenAll(people.Select((person, i) => person.Http.PostAsync("/Setup", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = tokens[i],
                ["Input.Email"] = $"first.admin{i}@example.com",
                ["Input.Password"] = Browser.AdminPassword,
                ["Input.ConfirmPassword"] = Browser.AdminPassword,
            }))));

            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Redirect);
            foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Redirect))
            {
                // Told, not shown an error page: either the form with the reason, or the page is gone.
                Assert.True(refused.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"A refused setup answered {(int)refused.StatusCode}.");
                if (refused.StatusCode == HttpStatusCode.OK)
                    Assert.Contains("An admin account was created a moment ago", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            await using var scope = App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            Assert.Equal(1, await db.Users.CountAsync());
            Assert.Equal(1, await db.UserRoles.CountAsync());
        }
        finally
        {
            people.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task Two_admins_demoting_each_other_at_once_leave_one_admin()
    {
        using var first = Browser.Open(App);
        await first.SetUpAdminAsync();
        await first.AddUserAsync("second.admin@example.com", "a long second admin password", Roles.Admin);
        using var second = Browser.Open(App);
        Assert.Equal(HttpStatusCode.Redirect, (await second.SignInAsync("second.admin@example.com", "a long second admin password")).StatusCode);

        string firstId, secondId;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            firstId = await db.Users.Where(u => u.Email == Browser.AdminEmail).Select(u => u.Id).SingleAsync();
            secondId = await db.Users.Where(u => u.Email == "second.admin@example.com").Select(u => u.Id).SingleAsync();
        }
        var firstToken = Browser.TokenIn(await first.GetPageAsync("/Admin/Users"));
        var secondToken = Browser.TokenIn(await second.GetPageAsync("/Admin/Users"));
        static FormUrlEncodedContent Demote(string token) => new(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["role"] = Roles.Marketer });
        var answers = await Task.WhenAll(
            first.Http.PostAsync($"/Admin/Users?handler=Role&id={secondId}", Demote(firstToken)),
            second.Http.PostAsync($"/Admin/Users?handler=Role&id={firstId}", Demote(secondToken)));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"Answered {(int)a.StatusCode}."));
        var refusedWith = answers.Where(a => a.StatusCode == HttpStatusCode.OK).ToList();
        var refused = await Assert.Single(refusedWith).Content.ReadAsStringAsync();
        Assert.True(refused.Contains("at least one admin", StringComparison.Ordinal) || refused.Contains("at the same moment", StringComparison.Ordinal), "The refused admin was not told why.");
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.Single(await users.GetUsersInRoleAsync(Roles.Admin));
        }
    }
}

public sealed class FirstRunJourneyOnSqlite : FirstRunJourney
{
    protected override Task<ReOptInFactory> CreateAppAsync() => Task.FromResult(ReOptInFactory.Sqlite());

    [Fact]
    public async Task The_database_file_is_created_and_migrated_on_first_start()
    {
        Assert.False(File.Exists(App.SqliteFile));
        using var browser = Browser.Open(App);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/health")).StatusCode);
        Assert.True(File.Exists(App.SqliteFile), "The SQLite file was not created.");

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(Roles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
    }
}

public sealed class FirstRunJourneyOnPostgreSql : FirstRunJourney
{
    protected override Task<ReOptInFactory> CreateAppAsync() => ReOptInFactory.PostgreSqlAsync();

    [Fact]
    public async Task The_app_runs_on_PostgreSql()
    {
        using var browser = Browser.Open(App);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/health")).StatusCode);
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
    }
}
