using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;
using ReOptIn.Core.Security;

namespace ReOptIn.Core.Reporting;

/// <summary>
/// The confirmed contacts of a campaign as a CSV that ActiveCampaign and Mailchimp import as it is:
/// their column names ("Email Address", "First Name", "Last Name") and the consent evidence beside.
/// Streamed row by row from the database; every cell goes through <see cref="SafeCsv"/>, so a name
/// like <c>=HYPERLINK(…)</c> opens as text in a spreadsheet.
/// </summary>
public static class ConfirmedContactsCsv
{
    public static readonly string[] Header =
        ["Email Address", "First Name", "Last Name", "Consent Time (UTC)", "Consent IP", "Source", "Provenance", "Campaign", "Incentive Code"];

    public sealed record Row(string? Email, string? FirstName, string? LastName, DateTime? ConsentAt, string? ConsentIp,
        string? ListName, string? RowSource, string? ListSource);

    /// <summary>Requests that are opted in now (confirmed or handed off; not those who withdrew since), in request order.</summary>
    public static IQueryable<PermissionRequest> Confirmed(ReOptInDb db, int campaignId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Requests.AsNoTracking()
            .Where(r => r.CampaignId == campaignId && (r.State == RequestState.Confirmed || r.State == RequestState.HandedOff));
    }

    public static IAsyncEnumerable<Row> Rows(ReOptInDb db, int campaignId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return (from r in Confirmed(db, campaignId)
                join receipt in db.Receipts on r.Id equals receipt.RequestId into receipts
                from receipt in receipts.DefaultIfEmpty()
                join list in db.Lists on r.SourceListId equals (int?)list.Id into lists
                from list in lists.DefaultIfEmpty()
                orderby r.Id
                select new Row(
                    // The contact's address as imported; the receipt's copy once the contact is erased.
                    r.Contact != null ? r.Contact!.Email : receipt!.Email,
                    r.Contact != null ? r.Contact!.FirstName : null,
                    r.Contact != null ? r.Contact!.LastName : null,
                    receipt != null ? receipt.SubmittedAt : r.ConfirmedAt,
                    receipt != null ? receipt.IpAddress : null,
                    list != null ? list.Name : null,
                    db.Memberships.Where(m => m.ContactId == r.ContactId && m.ListId == r.SourceListId).Select(m => m.Source).FirstOrDefault(),
                    list != null ? list.Source : null))
            .AsAsyncEnumerable();
    }

    /// <summary>Writes the header and every row to <paramref name="output"/>; returns the number of contacts written.</summary>
    /// <param name="byteOrderMark">Start with the UTF-8 byte-order mark, which Excel needs to read UTF-8.</param>
    public static async Task<int> WriteAsync(IAsyncEnumerable<Row> rows, string campaignName, string? campaignProvenance, string? incentiveCode,
        Stream output, bool byteOrderMark, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        if (byteOrderMark) await output.WriteAsync(Encoding.UTF8.Preamble.ToArray(), ct);
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await SafeCsv.WriteRowAsync(writer, Header);
        var count = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            await SafeCsv.WriteRowAsync(writer,
                row.Email, row.FirstName, row.LastName,
                row.ConsentAt?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                row.ConsentIp, row.ListName,
                // What the contact was reminded of, by the same rule as the request's {{ contact.source }}.
                row.RowSource ?? campaignProvenance ?? row.ListSource,
                campaignName, incentiveCode);
            count++;
        }
        await writer.FlushAsync(ct);
        return count;
    }
}
