using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReOptIn.Core.Bounces.Intake;
using ReOptIn.Core.Bounces.Uploads;

namespace ReOptIn.Web.Bounces;

public static class BounceIntakeRegistration
{
    /// <summary>Room for the multipart envelope around the uploaded file.</summary>
    private const long Envelope = 1 << 20;

    /// <summary>
    /// The <c>Bounces</c> options, the mailbox reader (unless <c>Bounces:Enabled</c> is false), the upload page's size
    /// limit, and the worker that processes uploaded files (in every instance, as imports).
    /// </summary>
    public static void AddReOptInBounceIntake(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(BounceIntakeOptions.Section).Get<BounceIntakeOptions>() ?? new BounceIntakeOptions();
        builder.Services.AddSingleton(options);
        if (options.Enabled) builder.Services.AddHostedService<BounceMailboxWorker>();
        builder.Services.AddSingleton<BounceUploadSignal>();
        builder.Services.AddScoped<BounceUploadRunner>();
        builder.Services.AddHostedService<BounceUploadWorker>();
        // The page checks the file's size itself, with a message; the server lets the body through up to the limit and the envelope.
        builder.Services.Configure<RazorPagesOptions>(o => o.Conventions.AddPageApplicationModelConvention("/Admin/Bounces/Upload", model =>
        {
            model.Filters.Add(new RequestSizeLimitAttribute(options.MaxUploadBytes + Envelope));
            model.Filters.Add(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = options.MaxUploadBytes + Envelope });
        }));
    }
}
