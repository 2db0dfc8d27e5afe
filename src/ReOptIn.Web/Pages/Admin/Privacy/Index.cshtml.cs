using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReOptIn.Core.Erasing;
using ReOptIn.Web.Erasing;

namespace ReOptIn.Web.Pages.Admin.Privacy;

/// <summary>
/// Find one person by address, see what is stored, export it as JSON, erase it on request. The
/// address travels in POST bodies only, never in a URL (URLs end up in logs and histories).
/// </summary>
public sealed class IndexModel(PrivacyTools privacy) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Enter the person's email address."), StringLength(320), Display(Name = "Email address")]
    public string Address { get; set; } = "";

    [BindProperty, Display(Name = "Erase everything stored about this person. The keyed hash stays as a suppression, so that no import can ask them again. This cannot be undone.")]
    public bool Confirm { get; set; }

    public PersonRecord? Person { get; private set; }

    public string? Message { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostFindAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        Person = await privacy.FindAsync(Address, export: false, ct);
        if (Person is null) ModelState.AddModelError(nameof(Address), "This is not an email address (name@example.com).");
        return Page();
    }

    public async Task<IActionResult> OnPostExportAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        if (await privacy.FindAsync(Address, export: true, ct) is not { } person)
        {
            ModelState.AddModelError(nameof(Address), "This is not an email address (name@example.com).");
            return Page();
        }
        return File(JsonSerializer.SerializeToUtf8Bytes(person, PrivacyTools.Json), "application/json", $"person-{person.HashPrefix}.json");
    }

    public async Task<IActionResult> OnPostEraseAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        if (!Confirm)
        {
            Message = "Tick the box to confirm: nothing was erased.";
            Person = await privacy.FindAsync(Address, export: false, ct);
            return Page();
        }
        if (await privacy.EraseAsync(Address, ct) is not { } erasure)
        {
            ModelState.AddModelError(nameof(Address), "This is not an email address (name@example.com).");
            return Page();
        }
        TempData["Status"] = $"Erased: {erasure.Contacts} contact(s), {erasure.Requests} request(s) cleared; the address is suppressed ({erasure.Note}).";
        return RedirectToPage();
    }
}
