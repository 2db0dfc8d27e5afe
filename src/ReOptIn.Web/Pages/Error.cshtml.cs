using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
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
            _ => (Title, Message),
        };
        if (status >= 500)
            RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
    }
}
