using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.HandOff;

/// <summary>Replays from the dead-letter list: a failed delivery becomes due now, with a new retry window.</summary>
public static class DeadLetters
{
    /// <summary>Replays one event's failed delivery (or, with no event, every failed one of the destination); returns how many.</summary>
    public static Task<int> ReplayAsync(ReOptInDb db, int destinationId, long? eventId, DateTime now, CancellationToken ct) =>
        db.HandOffDeliveries
            .Where(d => d.DestinationId == destinationId && d.Status == DeliveryStatus.Failed && (eventId == null || d.EventId == eventId))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.FirstAttemptAt, (DateTime?)null), ct);
}
