using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Bounces;

/// <summary>POST /api/v1/bounces/classify: an Admin's "what does ReOptIn make of this message?".</summary>
public sealed class ClassifyApiTests : IAsyncLifetime
{
    private ReOptInFactory _app = null!;
    private ApiClient _api = null!;

    public Task InitializeAsync()
    {
        _app = ReOptInFactory.Sqlite(ApiClient.BootstrapSettings);
        _api = ApiClient.Open(_app);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(byte[] raw)
    {
        using var content = new ByteArrayContent(raw);
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var response = await _api.Http.PostAsync("/api/v1/bounces/classify", content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static byte[] Mail(string text) => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));

    [Fact]
    public async Task A_dsn_is_hard_with_its_recipient()
    {
        var (status, body) = await PostAsync(Mail("""
            From: MAILER-DAEMON@mx.sender.example
            To: bounces+req-5@bounces.sender.example
            Subject: Undelivered Mail Returned to Sender
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b"

            --b
            Content-Type: text/plain

            Your message could not be delivered.

            --b
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.sender.example

            Final-Recipient: rfc822; nobody@shop.example
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 User unknown

            --b--
            """));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("hard", body.GetProperty("class").GetString());
        Assert.Equal("user-unknown", body.GetProperty("reason").GetString());
        Assert.Equal("nobody@shop.example", body.GetProperty("recipient").GetString());
        Assert.Equal("5.1.1", body.GetProperty("status").GetString());
        Assert.Equal("req-5", body.GetProperty("verpId").GetString());
    }

    [Fact]
    public async Task An_arf_report_is_a_complaint()
    {
        var (status, body) = await PostAsync(Mail("""
            From: fbl@isp.example
            To: abuse@sender.example
            Subject: complaint
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=feedback-report; boundary="f"

            --f
            Content-Type: text/plain

            An abuse report.

            --f
            Content-Type: message/feedback-report

            Feedback-Type: abuse
            Version: 1
            Original-Rcpt-To: angry@isp.example

            --f--
            """));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("complaint", body.GetProperty("class").GetString());
        Assert.Equal("angry@isp.example", body.GetProperty("recipient").GetString());
    }

    [Fact]
    public async Task Garbage_is_unknown_not_an_error()
    {
        var (status, body) = await PostAsync([0, 1, 2, 255, 254, (byte)'x']);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("unknown", body.GetProperty("class").GetString());
    }

    [Fact]
    public async Task More_than_10_mb_is_refused()
    {
        var (status, body) = await PostAsync(new byte[(10 * 1024 * 1024) + 1]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("message-too-large", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_stranger_is_refused()
    {
        using var stranger = _app.CreateClient();
        var response = await stranger.PostAsync("/api/v1/bounces/classify", new ByteArrayContent(Mail("Subject: x\r\n\r\nx")));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
