using System.Text;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing.Addresses;
using ReOptIn.Core.Security;

namespace ReOptIn.Web.Importing;

/// <summary>The rejected rows of an import as CSV: line number, reason, explanation, the original row.</summary>
public static class RejectsCsv
{
    public static string FileName(long jobId) => $"import-{jobId}-rejected-rows.csv";

    public static async Task WriteAsync(ReOptInDb db, long jobId, Stream output, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true);
        await SafeCsv.WriteRowAsync(writer, "line", "reason", "explanation", "detail", "original row");
        await foreach (var r in db.ImportRejects.AsNoTracking().Where(r => r.JobId == jobId).OrderBy(r => r.RowNumber)
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            await SafeCsv.WriteRowAsync(writer, r.RowNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Reason,
                RejectReasons.Describe(r.Reason), r.Detail, r.Row);
        }
        await writer.FlushAsync(ct);
    }
}
