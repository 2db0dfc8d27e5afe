using ReOptIn.Core.Confirming;

namespace ReOptIn.UnitTests.Confirming;

public sealed class ScannerDetectorTests
{
    private const string Person = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";
    private static readonly DateTime Sent = new(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) BingPreview/1.0b")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36")]
    [InlineData("curl/8.5.0")]
    [InlineData("python-requests/2.32.3")]
    [InlineData("Go-http-client/2.0")]
    [InlineData("Mimecast-LinkScanner")]
    [InlineData("proofpoint urldefense")]
    [InlineData("Barracuda Sentinel (EE)")]
    public void Known_scanners_and_tools_are_flagged(string agent) =>
        Assert.Equal(ScannerDetector.ScannerUserAgent, ScannerDetector.Classify("GET", agent, Sent.AddHours(1), Sent, Window));

    [Fact]
    public void Head_requests_missing_agents_and_visits_on_arrival_are_flagged()
    {
        Assert.Equal(ScannerDetector.HeadRequest, ScannerDetector.Classify("HEAD", Person, Sent.AddHours(1), Sent, Window));
        Assert.Equal(ScannerDetector.NoUserAgent, ScannerDetector.Classify("GET", " ", Sent.AddHours(1), Sent, Window));
        Assert.Equal(ScannerDetector.SecondsAfterDelivery, ScannerDetector.Classify("GET", Person, Sent.AddSeconds(4), Sent, Window));
    }

    [Fact]
    public void A_person_later_on_is_not_flagged()
    {
        Assert.Null(ScannerDetector.Classify("GET", Person, Sent.AddMinutes(5), Sent, Window));
        Assert.Null(ScannerDetector.Classify("GET", "Mozilla/5.0 (Linux; Android 14; Cubot P80) Chrome/130.0 Mobile", Sent.AddMinutes(5), Sent, Window));
        Assert.Null(ScannerDetector.Classify("GET", Person, Sent.AddSeconds(4), null, Window));
    }
}
