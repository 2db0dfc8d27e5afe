using ReOptIn.Core.Importing;

namespace ReOptIn.Core.Bounces.Uploads;

/// <summary>Wakes this instance's <see cref="BounceUploadWorker"/> when an upload is queued or cancelled here (the imports' signal, a type of its own).</summary>
public sealed class BounceUploadSignal : IDisposable
{
    private readonly ImportSignal _signal = new();

    public void Notify() => _signal.Notify();

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}
