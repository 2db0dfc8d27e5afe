using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReOptIn.IntegrationTests.Support;
using ReOptIn.Web.Logging;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace ReOptIn.IntegrationTests.Logging;

/// <summary>A full email address never reaches a log: not in properties, templates or exceptions.</summary>
public sealed class LogMaskingTests
{
    [Fact]
    public async Task The_log_file_holds_masked_addresses_only()
    {
        await using var app = ReOptInFactory.Sqlite(new Dictionary<string, string?>
        {
            ["Bootstrap:AdminEmail"] = "ops.person@example.com",
            ["Bootstrap:AdminPassword"] = "a long bootstrap password",
        });
        using var browser = Browser.Open(app);
        await browser.SignInAsync("ops.person@example.com", "a long bootstrap password");

        var log = app.Service<ILoggerFactory>().CreateLogger("ReOptIn.Test");
        log.LogWarning("Template with a property {Address}", "jane.doe@example.org");
        log.LogError(new InvalidOperationException("User name 'john.smith@example.net' is already taken."), "Failure for {Who}", new { Email = "x.y@example.com" });
#pragma warning disable CA2254 // deliberately a template that holds an address
        log.LogWarning("Interpolated into the template: mary.major@example.com");
#pragma warning restore CA2254
        await app.DisposeAsync(); // flushes the file sink

        var text = app.ReadLogs();
        Assert.Contains("o***@example.com", text, StringComparison.Ordinal); // the bootstrap line
        Assert.Contains("j***@example.org", text, StringComparison.Ordinal);
        Assert.Contains("j***@example.net", text, StringComparison.Ordinal);
        Assert.Contains("m***@example.com", text, StringComparison.Ordinal);
        foreach (var full in new[] { "ops.person@example.com", "jane.doe@example.org", "john.smith@example.net", "x.y@example.com", "mary.major@example.com" })
            Assert.DoesNotContain(full, text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_enricher_masks_nested_properties_for_structured_sinks()
    {
        var logEvent = new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information, null,
            new MessageTemplateParser().Parse("{Contact} {Tags}"),
            [
                new LogEventProperty("Contact", new StructureValue([new LogEventProperty("Email", new ScalarValue("ann.lee@example.com"))])),
                new LogEventProperty("Tags", new SequenceValue([new ScalarValue("bob@example.com"), new ScalarValue("no address")])),
            ]);
        new MaskEmailsEnricher().Enrich(logEvent, null!);
        var rendered = new StringWriter();
        new MessageTemplateTextFormatter("{Contact} {Tags}").Format(logEvent, rendered);
        Assert.Equal("{ Email: \"a***@example.com\" } [\"b***@example.com\", \"no address\"]", rendered.ToString());
    }
}
