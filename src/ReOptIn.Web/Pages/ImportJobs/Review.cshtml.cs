using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.Core.Importing.Mapping;
using ReOptIn.Core.Importing.Parsing;
using ReOptIn.Web.Auditing;
using ReOptIn.Web.Importing;

namespace ReOptIn.Web.Pages.ImportJobs;

/// <summary>The step between upload and import: check how the file was read and what each column means.</summary>
public sealed class ReviewModel(ReOptInDb db, ImportService imports, AuditTrail audit) : PageModel
{
    public static readonly IReadOnlyList<(string Value, string Label)> DelimiterChoices =
        [("comma", "Comma ( , )"), ("semicolon", "Semicolon ( ; )"), ("tab", "Tab"), ("pipe", "Vertical bar ( | )")];

    public ImportJob Job { get; private set; } = null!;

    public string ListName { get; private set; } = "";

    public IReadOnlyList<string> Notes { get; private set; } = [];

    public IReadOnlyList<string> Columns { get; private set; } = [];

    public IReadOnlyList<string[]> Preview { get; private set; } = [];

    public ColumnMapping Mapping { get; private set; } = new([]);

    public ContactField FieldOf(int index) => Mapping.Columns.FirstOrDefault(c => c.Index == index)?.Field ?? ContactField.Custom;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } notFound) return notFound;
        if (Job.Status != ImportStatus.Draft) return RedirectToPage("Details", new { id });
        return Inspect(new FormatOverrides(Job.Encoding, Job.Delimiter?[0], Job.HasHeader), Job.MappingJson);
    }

    public async Task<IActionResult> OnPostRereadAsync(long id, string? encoding, string? delimiter, bool hasHeader, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } notFound) return notFound;
        if (Job.Status != ImportStatus.Draft) return RedirectToPage("Details", new { id });
        var result = Inspect(new FormatOverrides(encoding, delimiter is not null && TextFormat.TryParseDelimiter(delimiter, out var d) ? d : null, hasHeader), null);
        if (ModelState.IsValid)
        {
            // The mapping is suggested afresh: the columns may have changed.
            await db.SaveChangesAsync(ct);
            return RedirectToPage(new { id });
        }
        return result;
    }

    public async Task<IActionResult> OnPostStartAsync(long id, string[] fields, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } notFound) return notFound;
        if (Job.Status != ImportStatus.Draft) return RedirectToPage("Details", new { id });
        var format = ImportJobSettings.FormatOf(Job);
        var result = Inspect(new FormatOverrides(format.Encoding, format.Delimiter, format.HasHeader), Job.MappingJson);
        if (!ModelState.IsValid) return result;

        var chosen = Columns.Select((name, i) => new ColumnRole(i, name,
            i < fields.Length && Enum.TryParse<ContactField>(fields[i], out var field) ? field : ContactField.Custom)).ToList();
        var problem = chosen.Count(c => c.Field == ContactField.Email) != 1
            ? "Choose exactly one column as the email address."
            : chosen.Where(c => c.Field is not (ContactField.Custom or ContactField.Ignore)).GroupBy(c => c.Field).FirstOrDefault(g => g.Count() > 1) is { } twice
                ? $"Two columns are mapped to “{Label(twice.Key)}”; keep one."
                : null;
        Mapping = new ColumnMapping(chosen);
        if (problem is not null)
        {
            ModelState.AddModelError(string.Empty, problem);
            return Page();
        }
        Job.MappingJson = ColumnMappingJson.ToJson(Mapping);
        audit.Record(AuditActions.ImportStarted, $"import {Job.Id}", Job.FileName);
        await imports.QueueAsync(Job, ct);
        return RedirectToPage("Details", new { id });
    }

    public async Task<IActionResult> OnPostDiscardAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } notFound) return notFound;
        await imports.CancelAsync(Job, ct);
        TempData["Status"] = "The upload was discarded; nothing was imported.";
        return RedirectToPage("/Lists/Details", new { id = Job.ListId });
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        var job = await db.ImportJobs.Include(j => j.List).SingleOrDefaultAsync(j => j.Id == id, ct);
        if (job is null) return NotFound();
        Job = job;
        ListName = job.List!.Name;
        return null;
    }

    private PageResult Inspect(FormatOverrides overrides, string? mappingJson)
    {
        try
        {
            var inspection = imports.Inspect(Job.StoredPath, Job.FileName, overrides, mappingJson);
            ImportJobSettings.Apply(Job, inspection.Format, inspection.Mapping, inspection.Notes, inspection.Columns.Count);
            Notes = inspection.Notes;
            Columns = inspection.Columns;
            Preview = inspection.Preview;
            Mapping = inspection.Mapping;
        }
        catch (ImportFileException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Stored by another instance whose folder this one cannot see (Imports:Folder is not shared).
            ModelState.AddModelError(string.Empty, "The uploaded file is not on this server, so it cannot be read here. " +
                "Discard this upload and upload the file again; with several instances, Imports:Folder must be shared storage.");
        }
        return Page();
    }

    public static string Label(ContactField field) => field switch
    {
        ContactField.Ignore => "(leave out)",
        ContactField.Email => "Email address",
        ContactField.FirstName => "First name",
        ContactField.LastName => "Last name",
        ContactField.FullName => "Full name",
        ContactField.Source => "How we got this address",
        ContactField.Country => "Country",
        ContactField.Language => "Language",
        ContactField.LastMailedAt => "Last mailed on",
        ContactField.ConsentAt => "Consent given on",
        _ => "Custom (keep as is)",
    };
}
