using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.Core.Importing.Parsing;
using ReOptIn.Web.Auditing;
using ReOptIn.Web.Importing;

namespace ReOptIn.Web.Api;

/// <summary>Lists and their imports: what a script needs to load an old list.</summary>
public static class ListEndpoints
{
    public sealed record CreateListRequest(string? Name, string? Source);

    public sealed record ListResponse(int Id, string Name, string Source, DateTime CreatedAt);

    /// <summary>A contact of a list. <c>Email</c> is the form mail is sent to; <c>DisplayEmail</c> shows an internationalised domain in Unicode.</summary>
    public sealed record ContactItem(long Id, string Email, string DisplayEmail, string? FirstName, string? LastName, string Status, IReadOnlyList<string> Flags,
        JsonElement? Attributes);

    public sealed record ContactPage(int Total, int Skip, int Take, IReadOnlyList<ContactItem> Items);

    public static RouteGroupBuilder MapLists(this RouteGroupBuilder api)
    {
        api.MapPost("/lists", CreateAsync).WithName("CreateList").WithSummary("Creates a list; `source` says how the addresses were obtained.");
        api.MapPost("/lists/{id:int}/imports", UploadAsync).WithName("StartImport")
            .WithSummary("Uploads a file (multipart field `file`; optional `encoding`, `delimiter`, `hasHeader`, `mapping`) and queues its import.")
            .DisableAntiforgery() // authenticated by X-Api-Key, never by a cookie
            .Accepts<IFormFile>("multipart/form-data");
        api.MapGet("/imports/{id:long}", GetImportAsync).WithName("GetImport");
        api.MapGet("/imports/{id:long}/rejects", GetRejectsAsync).WithName("GetImportRejects").WithSummary("The rejected rows as CSV.");
        api.MapGet("/lists/{id:int}/contacts", GetContactsAsync).WithName("GetListContacts");
        return api;
    }

    private static async Task<IResult> CreateAsync(CreateListRequest request, ReOptInDb db, AuditTrail audit, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name)) errors["name"] = ["Give the list a name."];
        if (string.IsNullOrWhiteSpace(request.Source)) errors["source"] = ["Say how these addresses were obtained; every contact is reminded of it."];
        if (request.Name?.Length > 200) errors["name"] = ["At most 200 characters."];
        if (request.Source?.Length > 1000) errors["source"] = ["At most 1,000 characters."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var list = new ContactList(request.Name!.Trim(), request.Source!.Trim(), clock.GetUtcNow().UtcDateTime)
        {
            CreatedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier),
        };
        db.Lists.Add(list);
        audit.Record(AuditActions.ListCreated, list.Name);
        await db.SaveChangesAsync(ct);
        return Results.Created($"/api/v1/lists/{list.Id}", new ListResponse(list.Id, list.Name, list.Source, list.CreatedAt));
    }

    private static async Task<IResult> UploadAsync(int id, HttpRequest request, ReOptInDb db, ImportService imports, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.Lists.AnyAsync(l => l.Id == id, ct)) return Results.NotFound();
        if (!request.HasFormContentType) return Problem("not-multipart", "Send the file as multipart/form-data in a field named `file`.");
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file");
        if (file is null) return Problem("no-file", "Send the file in a multipart field named `file`.");

        char? delimiter = null;
        if (NullIfEmpty(form["delimiter"]) is { } d)
        {
            if (!TextFormat.TryParseDelimiter(d, out var parsed))
                return Problem("bad-option", "`delimiter` must be one of: comma, semicolon, tab, pipe (or the character itself).");
            delimiter = parsed;
        }
        bool? hasHeader = null;
        if (NullIfEmpty(form["hasHeader"]) is { } h)
        {
            if (!bool.TryParse(h, out var parsed))
                return Problem("bad-option", "`hasHeader` must be true or false.");
            hasHeader = parsed;
        }
        var overrides = new FormatOverrides(NullIfEmpty(form["encoding"])?.ToLowerInvariant(), delimiter, hasHeader);
        try
        {
            await using var content = file.OpenReadStream();
            var (job, _) = await imports.CreateAsync(id, content, file.FileName, overrides, NullIfEmpty(form["mapping"]), queue: true,
                user.FindFirstValue(ClaimTypes.NameIdentifier), ct);
            return Results.Accepted($"/api/v1/imports/{job.Id}", ImportProgress.Of(job, clock.GetUtcNow().UtcDateTime));
        }
        catch (ImportFileException e)
        {
            return Problem(e.Code, e.Message, ImportFileErrors.HttpStatus(e.Code));
        }
    }

    private static async Task<IResult> GetImportAsync(long id, ReOptInDb db, TimeProvider clock, CancellationToken ct) =>
        await db.ImportJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, ct) is { } job
            ? Results.Ok(ImportProgress.Of(job, clock.GetUtcNow().UtcDateTime))
            : Results.NotFound();

    private static async Task GetRejectsAsync(long id, HttpContext http, ReOptInDb db, AuditTrail audit, CancellationToken ct)
    {
        var job = await db.ImportJobs.AsNoTracking().Where(j => j.Id == id).Select(j => new { j.RejectsDeletedAt }).SingleOrDefaultAsync(ct);
        if (job is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (ImportProgress.RejectedRowsGoneSince(job.RejectsDeletedAt) is { } gone)
        {
            await Problem("rejects-deleted", gone, StatusCodes.Status410Gone).ExecuteAsync(http);
            return;
        }
        await audit.RecordNowAsync(AuditActions.RejectsExported, $"import {id}", ct: ct);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{RejectsCsv.FileName(id)}\"";
        await RejectsCsv.WriteAsync(db, id, http.Response.Body, ct);
    }

    private static async Task<IResult> GetContactsAsync(int id, int? skip, int? take, ReOptInDb db, CancellationToken ct)
    {
        var list = await db.Lists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct);
        if (list is null) return Results.NotFound();
        var page = await ListContacts.PageAsync(db, list, skip ?? 0, take ?? 100, ct);
        return Results.Ok(page);
    }

    private static IResult Problem(string code, string detail, int status = StatusCodes.Status400BadRequest) =>
        ApiProblem.Of(code, "The file cannot be imported.", detail, status);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
