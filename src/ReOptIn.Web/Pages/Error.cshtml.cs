using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReOptIn.Core.Importing;
using ReOptIn.Web.Importing;

namespace ReOptIn.Web.Pages;

/// <summary>Every error a person can meet: unexpected failures (500) and status codes (403, 404…).</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(ImportOptions imports) : PageModel
{
    public string Title { get; private set; } = "Something went wrong";

    public string Message { get; private set; } = "The request could not be completed. Nothing was changed; please try again.";

    public string? RequestId { get; private set; }

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        // Re-executed status pages keep the original status; the unexpected-error page answers 500.
        // A code typed into the address that is no error (/Error/1, /Error/200) reads as "not found".
        var status = code switch
        {
            null when DatabaseUnreachable(HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error) => StatusCodes.Status503ServiceUnavailable,
            null => StatusCodes.Status500InternalServerError,
            >= 400 and <= 599 => code.Value,
            _ => StatusCodes.Status404NotFound,
        };
        Response.StatusCode = status;
        (Title, Message) = status switch
        {
            403 => ("Not allowed", "Your account does not have the role this page needs. Ask an admin if you need it."),
            404 => ("Page not found", "There is nothing at this address."),
            400 => ("The request was refused", "The form may have expired. Go back, reload the page and try again."),
            405 => ("Not possible here", "This address does not take a form. Go back and try again from the page."),
            413 => ("The file is too large", $"Uploads may be at most {ImportService.Size(imports.MaxUploadBytes)}. Split the file, or compress it as .zip or .gz, and try again."),
            429 => ("Too many requests", "Please wait a moment and try again."),
            503 => ("The database is not reachable", "ReOptIn cannot reach its database at the moment. Nothing was changed; please try again in a minute."),
            _ => (Title, Message),
        };
        if (status >= 500)
            RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
    }

    /// <summary>A failure to talk to the database (down, unreachable, locked too long), however EF Core wrapped it.</summary>
    private static bool DatabaseUnreachable(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is System.Data.Common.DbException or TimeoutException) return true;
        return false;
    }
}
