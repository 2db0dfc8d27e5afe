using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using ReOptIn.Core.Importing;
using ReOptIn.Core.Importing.Parsing;

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

    public async Task InvokeAsync(HttpContext context, ILogger<UploadLimitsMiddleware> log)
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
            if (!await ReadFormAsync(context, log)) return;
        }
        await next(context);
    }

    /// <summary>
    /// Reads (and buffers to disk) the multipart form here, where a full disk or a body past the limit
    /// can still be answered with the reason: later, in model binding, it would be a 500 page.
    /// </summary>
    private async Task<bool> ReadFormAsync(HttpContext context, ILogger log)
    {
        if (!context.Request.HasFormContentType) return true;
        ImportFileException error;
        try
        {
            await context.Request.ReadFormAsync(context.RequestAborted);
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            error = new ImportFileException(ImportFileErrors.TooLarge,
                $"The file is larger than the limit of {ImportService.Size(options.MaxUploadBytes)}. Split it, or compress it as .zip or .gz.");
        }
        catch (IOException e) when (e is not BadHttpRequestException && !context.RequestAborted.IsCancellationRequested)
        {
            log.LogError(e, "An upload could not be buffered to disk: {Reason}", e.Message);
            error = ImportFileErrors.NotStored(e);
        }
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(statusCode: ImportFileErrors.HttpStatus(error.Code), title: "The file cannot be imported.", detail: error.Message,
                extensions: new Dictionary<string, object?> { ["code"] = error.Code }).ExecuteAsync(context);
        }
        else
        {
            // Back to the list's page (the form's page), which says what happened from the code.
            var listId = ListId().Match(context.Request.Path.Value ?? "").Groups[1].Value;
            context.Response.Redirect($"/Lists/{listId}?uploadError={error.Code}");
        }
        return false;
    }

    [GeneratedRegex(@"^(/api/v1/lists/\d+/imports|/Lists/\d+/Upload)/?$", RegexOptions.IgnoreCase)]
    private static partial Regex UploadPath();

    [GeneratedRegex(@"/Lists/(\d+)/", RegexOptions.IgnoreCase)]
    private static partial Regex ListId();
}
