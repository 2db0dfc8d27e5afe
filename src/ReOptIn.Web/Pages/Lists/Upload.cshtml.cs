using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.Core.Importing.Parsing;
using ReOptIn.Web.Importing;

namespace ReOptIn.Web.Pages.Lists;

/// <summary>Receives a file (or pasted text), inspects it, and leads to the review step; a bad file gets its reason here.</summary>
public sealed class UploadModel(ReOptInDb db, ImportService imports, UserManager<AppUser> users) : PageModel
{
    public int ListId { get; private set; }

    public string Error { get; private set; } = "";

    public IActionResult OnGet(int id) => RedirectToPage("Details", new { id });

    public async Task<IActionResult> OnPostAsync(int id, IFormFile? file, string? pasted, CancellationToken ct)
    {
        ListId = id;
        if (!await db.Lists.AnyAsync(l => l.Id == id, ct)) return NotFound();
        try
        {
            ImportJob job;
            if (file is { Length: > 0 })
            {
                await using var content = file.OpenReadStream();
                (job, _) = await imports.CreateAsync(id, content, file.FileName, new FormatOverrides(), null, queue: false, users.GetUserId(User), ct);
            }
            else if (!string.IsNullOrWhiteSpace(pasted))
            {
                await using var content = ImportService.PastedText(pasted);
                (job, _) = await imports.CreateAsync(id, content, "pasted.csv", new FormatOverrides(), null, queue: false, users.GetUserId(User), ct);
            }
            else
            {
                return Fail("Choose a file, or paste a list, first.");
            }
            return RedirectToPage("/ImportJobs/Review", new { id = job.Id });
        }
        catch (ImportFileException e)
        {
            return Fail(e.Message, ImportFileErrors.HttpStatus(e.Code));
        }
    }

    private PageResult Fail(string message, int status = StatusCodes.Status400BadRequest)
    {
        Error = message;
        Response.StatusCode = status;
        return Page();
    }
}
