using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Erasing;

/// <summary>
/// One pass of the deadline job: closes every open campaign past its deadline (erasing who did not
/// confirm), erases a closed campaign's stragglers, and erases confirmed contacts whose retention
/// period is over. Safe to run again, and in several instances at once (see <see cref="CampaignErasure"/>).
/// </summary>
public static class ErasureJob
{
    private static readonly CampaignStatus[] Open = [CampaignStatus.Sending, CampaignStatus.Paused, CampaignStatus.Sent];

    public static async Task<IReadOnlyList<Erasure>> RunAsync(ReOptInDb db, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var done = new List<Erasure>();
        // Campaigns are few: their deadlines are compared here rather than in each provider's date SQL.
        var open = await db.Campaigns.AsNoTracking().Where(c => Open.Contains(c.Status))
            .Select(c => new { c.Id, c.Deadline, c.LaunchedAt }).ToListAsync(ct);
        foreach (var c in open.Where(c => (c.Deadline ?? c.LaunchedAt?.AddDays(Campaign.DefaultDeadlineDays)) <= now))
            if (await CampaignErasure.CloseAsync(db, c.Id, ErasureRule.Deadline, ErasureActor.System, now, ct) is { } erasure) done.Add(erasure);

        var closed = await db.Campaigns.AsNoTracking().Where(c => c.Status == CampaignStatus.Closed).Select(c => c.Id).ToListAsync(ct);
        foreach (var id in closed)
        {
            if (await CampaignErasure.SweepClosedAsync(db, id, now, ct) is { } swept) done.Add(swept);
            if (await CampaignErasure.EraseConfirmedAsync(db, id, now, ct) is { } retained) done.Add(retained);
        }
        return done;
    }
}
