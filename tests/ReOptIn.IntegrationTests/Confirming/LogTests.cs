using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Confirming;

public sealed class LogTests
{
    [Fact]
    public async Task Logs_hold_neither_the_link_token_nor_the_address()
    {
        var app = ReOptInFactory.Sqlite(ContactFixture.Settings());
        var sent = await ContactFixture.SendAsync(app, email: "logged.person@example.com");
        using (var contact = Browser.Open(app))
        {
            await contact.SubmitAsync(sent.ConfirmUrl, new Dictionary<string, string> { ["Input.Consent"] = "true" });
            await contact.GetAsync(sent.DeclineUrl + "?lang=fr");
            await contact.Http.PostAsync(sent.UnsubscribeUrl, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        }
        await app.DisposeAsync(); // flushes the file sink

        var logs = app.ReadLogs();
        Assert.Contains($"Request {sent.RequestId} of campaign {sent.CampaignId} confirmed", logs, StringComparison.Ordinal);
        Assert.Contains("HTTP POST /c/{token} responded", logs, StringComparison.Ordinal); // the request lines are written, without the token
        Assert.DoesNotContain(sent.Token, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(sent.Email, logs, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/c/AbC-d_9", "/c/{token}")]
    [InlineData("/u/AbC/x", "/u/{token}/x")]
    [InlineData("/Campaigns/3", "/Campaigns/3")]
    [InlineData("/data/x", "/data/x")]
    public void Request_paths_lose_their_token(string path, string logged) =>
        Assert.Equal(logged, ReOptIn.Web.Confirming.PublicPaths.Redact(path));
}
