using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Composing;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Campaigns;

/// <summary>The same journey in the pages: an admin sets up a sender, a marketer writes and submits, the admin approves.</summary>
public sealed class CampaignPagesTests : IAsyncLifetime
{
    private const string MarketerEmail = "marketer.person@example.com";
    private const string MarketerPassword = "a long marketer password";
    private TestSmtpServer _smtp = null!;
    private ReOptInFactory _app = null!;

    public async Task InitializeAsync()
    {
        _smtp = await TestSmtpServer.StartAsync();
        _app = ReOptInFactory.Sqlite();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task An_admin_sets_up_a_sender_a_marketer_submits_and_the_admin_approves()
    {
        using var admin = Browser.Open(_app);
        await admin.SetUpAdminAsync();
        await admin.AddUserAsync(MarketerEmail, MarketerPassword, Roles.Marketer);

        // The sender, its DKIM key and its connection test.
        var saved = await admin.SubmitAsync("/Admin/Senders/Edit", new Dictionary<string, string>
        {
            ["Input.Name"] = "Shop relay",
            ["Input.FromName"] = "Example Shop",
            ["Input.FromAddress"] = "news@shop.example.com",
            ["Input.PostalAddress"] = "1 Rue de la Paix\n75002 Paris",
            ["Input.SmtpHost"] = _smtp.Host,
            ["Input.SmtpPort"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.SmtpSecurity"] = "None",
            ["Input.MaxConnections"] = "2",
            ["Input.MessagesPerSecond"] = "10",
            ["Input.PerDomainPerMinute"] = "60",
        }, "/Admin/Senders/Edit?handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var senderPage = saved.Headers.Location!.ToString();
        var generated = await admin.SubmitAsync(senderPage, new Dictionary<string, string> { ["dkimDomain"] = "shop.example.com", ["dkimSelector"] = "reoptin1" },
            senderPage + "?handler=GenerateKey");
        Assert.Equal(HttpStatusCode.Redirect, generated.StatusCode);
        var withKey = await admin.GetPageAsync(senderPage);
        Assert.Contains("reoptin1._domainkey.shop.example.com", withKey, StringComparison.Ordinal);
        Assert.Contains("v=DKIM1; k=rsa; p=", withKey, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", withKey, StringComparison.Ordinal);
        var tested = await admin.SubmitAsync(senderPage, new Dictionary<string, string>(), senderPage + "?handler=TestConnection");
        Assert.Contains("alert-success", await tested.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        int listId;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            var list = new ContactList("Shop customers", "You bought from our shop", DateTime.UtcNow);
            db.Lists.Add(list);
            await db.SaveChangesAsync();
            listId = list.Id;
        }

        // The marketer writes the request; the live check answers while typing.
        using var marketer = Browser.Open(_app);
        await marketer.SignInAsync(MarketerEmail, MarketerPassword);
        var template = DefaultRequest.For("fr");
        var form = new Dictionary<string, string>
        {
            ["Input.Name"] = "Relance printemps",
            ["Input.SenderId"] = "1",
            ["Input.ListIds"] = listId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Language"] = "fr",
            ["Input.Purpose"] = "une lettre d'information mensuelle",
            ["Input.Subject"] = "GRATUIT !!",
            ["Input.BodyMarkdown"] = template.BodyMarkdown,
            ["Input.ConsentStatement"] = "Oui, envoyez-moi la lettre mensuelle.",
        };
        var lint = await marketer.SubmitAsync("/Campaigns/Edit", form, "/Campaigns/Edit?handler=Lint");
        var findings = await lint.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(findings.EnumerateArray(), f => f.GetProperty("rule").GetString() == "RP004" && f.GetProperty("severity").GetString() == "error");

        form["Input.Subject"] = template.Subject;
        var created = await marketer.SubmitAsync("/Campaigns/Edit", form, "/Campaigns/Edit?handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var campaignPage = created.Headers.Location!.ToString();
        var details = await marketer.GetPageAsync(campaignPage);
        Assert.Contains("srcdoc=", details, StringComparison.Ordinal);
        Assert.Contains("sandbox=\"\"", details, StringComparison.Ordinal);
        Assert.Contains("No problem found", details, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await marketer.SubmitAsync(campaignPage, new Dictionary<string, string>(), campaignPage + "?handler=Submit")).StatusCode);
        var id = campaignPage.Split('/').Last();
        Assert.Equal(HttpStatusCode.Forbidden, (await marketer.GetAsync($"/Admin/Approvals/Review/{id}")).StatusCode);

        // The admin finds it waiting and approves it.
        Assert.Contains("Relance printemps", await admin.GetPageAsync("/Admin/Approvals"), StringComparison.Ordinal);
        var approved = await admin.SubmitAsync($"/Admin/Approvals/Review/{id}", new Dictionary<string, string>(), $"/Admin/Approvals/Review/{id}?handler=Approve");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Contains("Approved", await marketer.GetPageAsync(campaignPage), StringComparison.Ordinal);
    }
}
