using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using ReOptIn.Core.Importing;

namespace ReOptIn.Web.Importing;

/// <summary>
/// Uploads may be as large as <see cref="ImportOptions.MaxUploadBytes"/> (other requests keep the
/// server's small default). A request that announces more is refused before a byte is read, with a
/// message that names the limit.
/// </summary>
public sealed partial class UploadLimitsMiddleware(RequestDelegate next, ImportOptions options)
{
    // Room for the multipart envelope and the form's other fields.
    private const long Envelope = 1 << 20;

    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsPost(context.Request.Method) && UploadPath().IsMatch(context.Request.Path.Value ?? ""))
        {
            var limit = options.MaxUploadBytes + Envelope;
            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                if (context.Request.Path.StartsWithSegments("/api"))
                    await Results.Problem(statusCode: 413, title: "The file cannot be imported.",
                        detail: $"The file is larger than the limit of {ImportService.Size(options.MaxUploadBytes)}. Split it, or compress it as .zip or .gz.",
                        extensions: new Dictionary<string, object?> { ["code"] = "too-large" }).ExecuteAsync(context);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = limit;
            context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions { MultipartBodyLengthLimit = limit }));
        }
        await next(context);
    }

    [GeneratedRegex(@"^(/api/v1/lists/\d+/imports|/Lists/\d+/Upload)/?$", RegexOptions.IgnoreCase)]
    private static partial Regex UploadPath();
}
