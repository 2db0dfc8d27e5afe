using System.Net;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Security;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Confirming;

/// <summary>Links that lead nowhere usable, and the pages' languages.</summary>
public sealed class LinkPagesTests(ConfirmingApp fixture) : IClassFixture<ConfirmingApp>
{
    private readonly ReOptInFactory _app = fixture.App;

    [Fact]
    public async Task An_unknown_token_and_an_erased_contact_get_the_same_page_revealing_nothing()
    {
        var sent = await ContactFixture.SendAsync(_app);
        await ContactFixture.ReadAsync(_app, db => db.Contacts.Where(c => c.Id == sent.ContactId).ExecuteDeleteAsync());
        Assert.Null((await ContactFixture.RequestAsync(_app, sent.RequestId)).ContactId);

        using var http = _app.CreateClient();
        var unknown = await http.GetAsync("/c/" + new string('A', 54));
        var erased = await http.GetAsync(sent.ConfirmUrl);
        var malformed = await http.GetAsync("/c/%3Cscript%3E");
        foreach (var response in new[] { unknown, erased, malformed })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("This link does not work", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var erasedHtml = await erased.Content.ReadAsStringAsync();
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), erasedHtml.Replace(sent.Token, new string('A', 54), StringComparison.Ordinal));
        Assert.DoesNotContain("Example Shop", erasedHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/d/" + new string('A', 54))).StatusCode);
    }

    [Fact]
    public async Task A_link_opens_only_with_its_own_secret_and_links_without_the_id_still_open()
    {
        var sent = await ContactFixture.SendAsync(_app);
        var other = await ContactFixture.SendAsync(_app);
        Assert.Equal(sent.RequestId, LinkToken.Parse(sent.Token).RequestId);
        using var http = _app.CreateClient();

        // The request's id with another request's secret, one character changed, or a malformed id: no page, on every path.
        var swapped = LinkToken.Compose(sent.RequestId, LinkToken.Parse(other.Token).Secret);
        var changed = sent.Token[..^2] + (sent.Token[^2] == 'A' ? 'B' : 'A') + sent.Token[^1];
        var crafted = "___________" + LinkToken.Parse(sent.Token).Secret; // an id whose last character has bits to spare
        foreach (var token in new[] { swapped, changed, crafted })
            foreach (var path in new[] { "/c/", "/d/", "/u/" })
                Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(path + token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(sent.DeclineUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(sent.ConfirmUrl)).StatusCode);

        // A request sent before the id was in the links (ADR-0025): its token is the secret alone, found by TokenHash.
        var before = SecretToken.Create();
        await ContactFixture.ReadAsync(_app, db => db.Requests.Where(r => r.Id == other.RequestId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.TokenHash, SecretToken.Hash(before)).SetProperty(r => r.LinkHash, (byte[]?)null)));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/d/" + before)).StatusCode);
        var page = await http.GetAsync("/c/" + before);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Example Shop", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await ContactFixture.ReadAsync(_app, db => db.Visits.CountAsync(v => v.RequestId == other.RequestId)));
        // Its new-style token has no stored hash any more: it opens nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(other.ConfirmUrl)).StatusCode);
    }

    [Fact]
    public async Task A_campaign_past_its_deadline_takes_no_more_answers()
    {
        var sent = await ContactFixture.SendAsync(_app, configure: c => c.Deadline = DateTime.UtcNow.AddMinutes(-1));
        using var contact = Browser.Open(_app);
        var page = await contact.GetAsync(sent.ConfirmUrl);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("This request has ended", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Even a well-formed POST (token taken from the still-open "remove me" page) confirms nothing.
        var declinePage = await contact.GetPageAsync(sent.DeclineUrl);
        var post = await contact.Http.PostAsync(sent.ConfirmUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Consent"] = "true",
            ["__RequestVerificationToken"] = Browser.TokenIn(declinePage),
        }));
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
        Assert.Equal(RequestState.Sent, (await ContactFixture.RequestAsync(_app, sent.RequestId)).State);
    }

    [Fact]
    public async Task The_page_speaks_the_campaigns_language_and_switches_on_request()
    {
        var sent = await ContactFixture.SendAsync(_app, language: "fr");
        using var contact = Browser.Open(_app);
        var french = await contact.GetPageAsync(sent.ConfirmUrl);
        Assert.Contains("<html lang=\"fr\">", french, StringComparison.Ordinal);
        Assert.Contains("Souhaitez-vous recevoir les messages de Example Shop ?", french, StringComparison.Ordinal);
        Assert.Contains($"href=\"/c/{sent.Token}?lang=en\"", french, StringComparison.Ordinal);

        var english = await contact.GetPageAsync(sent.ConfirmUrl + "?lang=en");
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("Would you like to hear from Example Shop?", english, StringComparison.Ordinal);

        var response = await contact.SubmitAsync(sent.ConfirmUrl, new Dictionary<string, string> { ["Input.Consent"] = "true" });
        Assert.Contains("Merci : c’est confirmé", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("fr", await ContactFixture.ReadAsync(_app, db => db.Receipts.Where(r => r.RequestId == sent.RequestId).Select(r => r.Language).SingleAsync()));

        var notFound = await contact.GetAsync("/c/" + new string('A', 54) + "?lang=fr");
        Assert.Contains("Ce lien ne fonctionne pas", await notFound.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_pages_carry_no_staff_navigation()
    {
        var sent = await ContactFixture.SendAsync(_app);
        using var contact = Browser.Open(_app);
        var page = await contact.GetPageAsync(sent.ConfirmUrl);
        Assert.DoesNotContain("ReOptIn", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/Account/SignIn", page, StringComparison.Ordinal);
        Assert.Contains("<label for=\"consent\">", page, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\"", page, StringComparison.Ordinal);
    }
}
