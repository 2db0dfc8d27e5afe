using System.Net.Http.Json;
using System.Text.Json;
using ReOptIn.Core.HandOff;

namespace ReOptIn.IntegrationTests.HandOff;

/// <summary>The README's verification snippet is the one the fake receiver runs, and it accepts ReOptIn's signatures only.</summary>
public sealed class WebhookSignatureTests
{
    private static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ReOptIn.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return File.ReadAllText(Path.Combine(dir!.FullName, relative));
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, from + 1, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"Markers {start} … {end} not found.");
        return text[(from + start.Length)..to].Trim().ReplaceLineEndings("\n");
    }

    [Fact]
    public void The_README_snippet_is_the_code_the_tests_verify_with()
    {
        var readme = Between(RepoFile("README.md"), "<!-- snippet:start -->\n```csharp", "```\n<!-- snippet:end -->");
        var code = Between(RepoFile("tests/ReOptIn.IntegrationTests/HandOff/WebhookSignatureSnippet.cs"), "// snippet:start", "// snippet:end");
        Assert.Equal(code, readme);
    }

    [Fact]
    public void The_snippet_accepts_the_signature_and_refuses_a_changed_body_another_secret_or_an_old_timestamp()
    {
        const string Secret = "a-very-long-webhook-secret";
        const string Body = """{"type":"contact.confirmed","eventId":7}""";
        var now = DateTimeOffset.UtcNow;
        var header = WebhookSignature.Create(Secret, now.ToUnixTimeSeconds(), Body);

        Assert.True(WebhookSignatureSnippet.Verify(Secret, header, Body, now));
        Assert.False(WebhookSignatureSnippet.Verify(Secret, header, Body.Replace("7", "8", StringComparison.Ordinal), now));
        Assert.False(WebhookSignatureSnippet.Verify("another-secret-of-some-length", header, Body, now));
        Assert.False(WebhookSignatureSnippet.Verify(Secret, header, Body, now.AddMinutes(10)));
        Assert.False(WebhookSignatureSnippet.Verify(Secret, "t=abc,v1=zz", Body, now));
    }

    [Fact]
    public async Task The_test_button_sends_a_signed_test_event_the_receiver_verifies()
    {
        await using var f = await HandOffFixture.StartAsync(extra: new Dictionary<string, string?> { ["HandOff:Enabled"] = "false" });
        var id = await f.WebhookAsync();
        var response = await f.Api.Http.PostAsync($"/api/v1/destinations/{id}/test", null);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        var body = Assert.Single(f.Fake.WebhookBodies);
        Assert.True(body["test"]!.GetValue<bool>());
        Assert.Equal("test", body["type"]!.GetValue<string>());
        Assert.Empty(f.Fake.WebhookAccepted); // a test event is not a delivery
        f.AssertNoViolations();
    }
}
