using System.Net;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Confirming;

/// <summary>/d/{token} ("remove me") and /u/{token} (RFC 8058 one-click unsubscribe).</summary>
public sealed class DeclineAndUnsubscribeTests(ConfirmingApp fixture) : IClassFixture<ConfirmingApp>
{
    private readonly ReOptInFactory _app = fixture.App;

    private static FormUrlEncodedContent OneClick(string value = "One-Click") =>
        new(new Dictionary<string, string> { ["List-Unsubscribe"] = value });

    private Task<Suppression?> SuppressionOfAsync(SentRequest sent) => ContactFixture.ReadAsync(_app, async db =>
    {
        var hash = await db.Contacts.Where(c => c.Id == sent.ContactId).Select(c => c.AddressHash).SingleAsync();
        return await db.Suppressions.AsNoTracking().SingleOrDefaultAsync(s => s.AddressHash == hash);
    });

    [Fact]
    public async Task Remove_me_shows_a_button_and_its_post_declines_and_suppresses()
    {
        var sent = await ContactFixture.SendAsync(_app);
        using var contact = Browser.Open(_app);
        var page = await contact.GetPageAsync(sent.DeclineUrl);
        Assert.Contains("Remove my address", page, StringComparison.Ordinal);
        Assert.Equal(RequestState.Sent, (await ContactFixture.RequestAsync(_app, sent.RequestId)).State); // the GET changed nothing

        var response = await contact.SubmitAsync(sent.DeclineUrl, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Your address has been removed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(RequestState.Declined, (await ContactFixture.RequestAsync(_app, sent.RequestId)).State);
        Assert.Equal(SuppressionReason.Declined, (await SuppressionOfAsync(sent))!.Reason);

        // The form link now says so, and a "yes" cannot undo the "no".
        Assert.Contains("Your address was already removed", await contact.GetPageAsync(sent.ConfirmUrl), StringComparison.Ordinal);
        Assert.Contains("Your address was already removed", await contact.GetPageAsync(sent.DeclineUrl), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_me_without_the_antiforgery_token_changes_nothing()
    {
        var sent = await ContactFixture.SendAsync(_app);
        using var http = _app.CreateClient();
        var response = await http.PostAsync(sent.DeclineUrl, new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The form has expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(RequestState.Sent, (await ContactFixture.RequestAsync(_app, sent.RequestId)).State);
        Assert.Null(await SuppressionOfAsync(sent));
    }

    [Fact]
    public async Task One_click_unsubscribe_works_without_cookie_or_antiforgery_per_RFC_8058()
    {
        var sent = await ContactFixture.SendAsync(_app);
        using var provider = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

        // A GET (a person opening the address) unsubscribes nothing: it leads to the "remove me" page.
        var get = await provider.GetAsync(sent.UnsubscribeUrl);
        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal(sent.DeclineUrl, get.Headers.Location!.ToString());
        // Anything but the RFC 8058 body is refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await provider.PostAsync(sent.UnsubscribeUrl, OneClick("yes"))).StatusCode);
        Assert.Equal(RequestState.Sent, (await ContactFixture.RequestAsync(_app, sent.RequestId)).State);

        var response = await provider.PostAsync(sent.UnsubscribeUrl, OneClick());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("You are unsubscribed.", await response.Content.ReadAsStringAsync());
        Assert.Equal(RequestState.Declined, (await ContactFixture.RequestAsync(_app, sent.RequestId)).State);
        Assert.Equal(SuppressionReason.Unsubscribed, (await SuppressionOfAsync(sent))!.Reason);

        // Providers retry: a second POST is answered the same and changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await provider.PostAsync(sent.UnsubscribeUrl, OneClick())).StatusCode);
        Assert.Equal(1, await ContactFixture.ReadAsync(_app, db => db.Suppressions.CountAsync(s => s.Note == $"request {sent.RequestId}")));
        Assert.Equal(HttpStatusCode.NotFound, (await provider.PostAsync("/u/" + new string('x', 43), OneClick())).StatusCode);
    }

    [Fact]
    public async Task A_confirmed_contact_can_still_unsubscribe_in_one_click()
    {
        var sent = await ContactFixture.SendAsync(_app);
        using var contact = Browser.Open(_app);
        await contact.SubmitAsync(sent.ConfirmUrl, new Dictionary<string, string> { ["Input.Consent"] = "true" });
        Assert.Equal(RequestState.Confirmed, (await ContactFixture.RequestAsync(_app, sent.RequestId)).State);

        using var provider = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await provider.PostAsync(sent.UnsubscribeUrl, OneClick())).StatusCode);
        Assert.Equal(RequestState.Declined, (await ContactFixture.RequestAsync(_app, sent.RequestId)).State);
        Assert.Equal(SuppressionReason.Unsubscribed, (await SuppressionOfAsync(sent))!.Reason);
        // The receipt of the earlier "yes" stays as proof of what happened.
        Assert.True(await ContactFixture.ReadAsync(_app, db => db.Receipts.AnyAsync(r => r.RequestId == sent.RequestId)));
    }
}
