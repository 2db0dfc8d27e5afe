using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;

namespace ReOptIn.Web.Pages.Admin.Audit;

/// <summary>The audit log, newest first, filtered by action, actor, subject and dates; pages follow the id (keyset), not an offset.</summary>
public sealed class IndexModel(ReOptInDb db) : PageModel
{
    public const int PageSize = 50;

    /// <summary>Every action the app records, for the filter's list.</summary>
    public static readonly IReadOnlyList<string> Actions = typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal).ToList();

    [BindProperty(SupportsGet = true)] public string? Action { get; set; }

    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)] public string? Subject { get; set; }

    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    /// <summary>Show entries older than this id (the last one of the previous page).</summary>
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>The id to continue from, when there is more.</summary>
    public long? Next { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (From > To)
        {
            Problem = "The first day is after the last one.";
            return;
        }
        var query = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Action)) query = query.Where(e => e.Action == Action.Trim());
        if (!string.IsNullOrWhiteSpace(Actor)) query = query.Where(e => e.ActorName != null && e.ActorName.Contains(Actor.Trim()));
        if (!string.IsNullOrWhiteSpace(Subject)) query = query.Where(e => e.Subject != null && e.Subject.Contains(Subject.Trim()));
        if (From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(e => e.At >= start);
        }
        if (To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(e => e.At < end);
        }
        if (Before is { } before) query = query.Where(e => e.Id < before);
        var rows = await query.OrderByDescending(e => e.Id).Take(PageSize + 1).ToListAsync(ct);
        Entries = rows.Take(PageSize).ToList();
        Next = rows.Count > PageSize ? Entries[^1].Id : null;
    }

    /// <summary>The same filters, continuing after the last entry shown.</summary>
    public string NextUrl(long next)
    {
        var query = new Dictionary<string, string?>
        {
            ["action"] = Action, ["actor"] = Actor, ["subject"] = Subject,
            ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["before"] = next.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/Admin/Audit", query.Where(kv => !string.IsNullOrEmpty(kv.Value)));
    }
}
