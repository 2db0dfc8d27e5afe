namespace ReOptIn.Core.HandOff;

/// <summary>
/// Wakes this instance's hand-off worker when a confirmation, a replay or a new destination gives
/// it work, so it need not poll often; other instances find the work at their next poll.
/// </summary>
public sealed class HandOffSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); }
            catch (SemaphoreFullException) { }
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}
