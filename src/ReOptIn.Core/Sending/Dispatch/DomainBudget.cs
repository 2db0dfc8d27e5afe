namespace ReOptIn.Core.Sending.Dispatch;

/// <summary>
/// Messages per minute to each recipient domain, for one sender in this instance. Domains at their
/// limit are left out of the next claims, so one big domain does not hold up the others.
/// </summary>
internal sealed class DomainBudget(int perMinute, TimeProvider clock)
{
    private readonly Dictionary<string, (DateTime WindowStart, int Count)> _windows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Domains that cannot take another message in the current minute.</summary>
    public IReadOnlyList<string> Exhausted()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        lock (_lock)
            return _windows.Where(w => now - w.Value.WindowStart < TimeSpan.FromMinutes(1) && w.Value.Count >= perMinute).Select(w => w.Key).Take(200).ToList();
    }

    /// <summary>Takes one message of the domain's budget, waiting for the next minute when it is spent.</summary>
    public async Task TakeAsync(string domain, CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var (start, count) = _windows.GetValueOrDefault(domain);
                if (now - start >= TimeSpan.FromMinutes(1)) (start, count) = (now, 0);
                if (count < perMinute)
                {
                    _windows[domain] = (start, count + 1);
                    return;
                }
                wait = start.AddMinutes(1) - now;
            }
            await Task.Delay(wait, clock, ct);
        }
    }
}
