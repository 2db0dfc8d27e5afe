using System.Net;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Confirming;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Past_the_limit_per_minute_the_public_pages_answer_429()
    {
        await using var app = ReOptInFactory.Sqlite(ContactFixture.Settings(permitPerMinute: 3));
        var sent = await ContactFixture.SendAsync(app);
        using var http = app.CreateClient();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(sent.ConfirmUrl)).StatusCode);

        var refused = await http.GetAsync(sent.ConfirmUrl);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Too many requests", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.GetAsync(sent.DeclineUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.PostAsync(sent.UnsubscribeUrl, new FormUrlEncodedContent([]))).StatusCode);
        // The staff side is not limited by it.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
    }
}
