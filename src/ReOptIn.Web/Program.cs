using ReOptIn.Web.Accounts;
using ReOptIn.Web.Api;
using ReOptIn.Web.Auditing;
using ReOptIn.Web.Bounces;
using ReOptIn.Web.Campaigns;
using ReOptIn.Web.Confirming;
using ReOptIn.Web.Erasing;
using ReOptIn.Web.Hosting;
using ReOptIn.Web.HandOff;
using ReOptIn.Web.Importing;
using ReOptIn.Web.Logging;
using ReOptIn.Web.Reporting;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

// Logging: Serilog from configuration; every address masked on the way out.
builder.AddReOptInLogging();

// Storage: one DbContext on SQLite, SQL Server or PostgreSQL; Data Protection keys inside it.
var database = builder.AddReOptInDatabase();
builder.Services.AddSingleton(TimeProvider.System);

// Imports: uploads on disk, a background worker in every instance, the provider's bulk writer.
builder.AddReOptInImports(database);

// People: Identity cookies for pages, X-Api-Key for the API, everything closed unless opened.
builder.Services.AddReOptInAccounts();
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<AuditTrail>();
builder.Services.AddReOptInReporting(builder.Configuration);

// The request: senders (secrets encrypted), drafts, the linter, the renderer, and the sending worker.
builder.Services.AddReOptInComposing(builder.Configuration);

// Bounces: the senders' bounce mailboxes read in every instance (IMAP), and the .eml/.mbox upload.
builder.AddReOptInBounceIntake();

// The contact's side: /c, /d and /u, rate-limited per IP.
builder.AddReOptInPublicPages();

// The deadline: closing, erasure, retention; the privacy tools.
builder.Services.AddReOptInErasure(builder.Configuration);

// Hand-off: destinations (secrets encrypted), their connectors, and the outbox's delivery worker.
builder.Services.AddReOptInHandOff(builder.Configuration);

// Pages and API.
builder.Services.AddRazorPages(o =>
{
    o.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
    o.Conventions.ConfigureFilter(new ReOptIn.Web.Hosting.UnknownHandlerFilter());
});
builder.Services.AddOpenApi();
// Enums travel by name ("StartTls", "error"), as the API documentation shows them.
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
builder.Services.AddProblemDetails();
// Names like “Prénom” or “Åström” are written as they are, not as &#xE9; entities (still HTML-encoded where needed).
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

var app = builder.Build();

// Schema, roles, keys and the bootstrap admin, before the first request.
await app.PrepareAsync();

// `dotnet ReOptIn.Web.dll export-hash-key`: print the stored address-hash key and stop.
if (args.Contains(HashKeyExport.Command))
{
    Environment.ExitCode = await HashKeyExport.RunAsync(app);
    return;
}

app.UseExceptionHandler("/Error");
// Friendly pages for 403/404 on pages; the API keeps bare status codes.
app.UseWhen(c => !AccountsSetup.IsApi(c.Request), b => b.UseStatusCodePagesWithReExecute("/Error/{0}"));
app.UseSerilogRequestLogging(o =>
{
    // Without it the middleware writes to the static Log.Logger, which this app never sets (no request was logged).
    o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
    o.GetLevel = RequestLogLevel.For;
    o.GetMessageTemplateProperties = RequestLogLevel.Properties;
});
app.UseMiddleware<UploadLimitsMiddleware>();
app.UseStaticFiles();
app.UseRouting();
app.UseMiddleware<SetupGateMiddleware>();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
// The landing page GET /c/{token} written without Razor when it shows the form, and the POST when it confirms (ADR-0020); the rest goes on to the page.
app.UseMiddleware<LandingPage>();

app.MapHealthChecks("/health").AllowAnonymous();
app.MapOpenApi().RequireAuthorization(Policies.ApiDocument);
app.MapGroup("/api/v1").RequireAuthorization(Policies.Api).MapMe().MapLists().MapSenders().MapCampaigns().MapReceipts().MapBounces().MapErasure().MapReports().MapDestinations();
app.MapOneClickUnsubscribe();
app.MapRazorPages();

app.Run();
