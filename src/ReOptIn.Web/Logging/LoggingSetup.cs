using Serilog;
using Serilog.Formatting.Display;

namespace ReOptIn.Web.Logging;

public static class LoggingSetup
{
    private const string Template = "[{Timestamp:yyyy-MM-dd HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Levels (and any extra sinks) come from the <c>Serilog</c> section; the console and the
    /// rolling file are added here so that they always go through <see cref="MaskingFormatter"/>.
    /// No bootstrap logger: it cannot be frozen twice under WebApplicationFactory.
    /// </summary>
    public static void AddReOptInLogging(this WebApplicationBuilder builder)
    {
        var logs = builder.Configuration.GetSection("Logs");
        var file = logs["File"];
        if (!string.IsNullOrWhiteSpace(file) && !Path.IsPathRooted(file))
            file = Path.Combine(builder.Environment.ContentRootPath, file);
        var console = logs.GetValue("Console", true);
        var retained = logs.GetValue<int?>("RetainedFileCount") ?? 14;

        builder.Services.AddSerilog((services, config) =>
        {
            config.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Enrich.With<MaskEmailsEnricher>()
                .Enrich.With<RedactLinkTokensEnricher>();
            var formatter = new MaskingFormatter(new MessageTemplateTextFormatter(Template, System.Globalization.CultureInfo.InvariantCulture));
            if (console)
                config.WriteTo.Console(formatter);
            if (!string.IsNullOrWhiteSpace(file))
                config.WriteTo.File(formatter, file, rollingInterval: RollingInterval.Day, retainedFileCountLimit: retained, shared: true);
        }, preserveStaticLogger: true); // each host keeps its own logger; none goes through the global Log.Logger
    }
}
