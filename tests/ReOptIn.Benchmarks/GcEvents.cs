using System.Diagnostics.Tracing;
using System.Globalization;

/// <summary>
/// A diagnosis for the dispatch benchmark (REOPTIN_BENCH_GCEVENTS=1): splits the GC's pauses into suspending the
/// threads, the collection itself and restarting them, and counts what each gen0 collection promoted (the live
/// objects it had to copy), from the runtime's own GC events.
/// </summary>
internal sealed class GcEvents : EventListener
{
    private readonly Lock _lock = new();
    private bool _on;
    private DateTime _suspendBegin, _suspendEnd, _gcStart;
    private int _depth;
    private long _pauses, _gen0;
    private double _suspendMs, _gcMs, _restartMs, _gen0GcMs;
    private long _promoted0;

    public static GcEvents? Start() => Environment.GetEnvironmentVariable("REOPTIN_BENCH_GCEVENTS") is "1" or "2" ? new GcEvents() : null;

    private readonly Dictionary<string, long> _allocated = new(StringComparer.Ordinal);

    public void Measure()
    {
        lock (_lock)
        {
            _on = true;
            _pauses = _gen0 = _promoted0 = 0;
            _suspendMs = _gcMs = _restartMs = _gen0GcMs = 0;
            _allocated.Clear();
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        // Verbose adds the allocation ticks (one per ~100 KB allocated, with the type that crossed the line): REOPTIN_BENCH_GCEVENTS=2.
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, Environment.GetEnvironmentVariable("REOPTIN_BENCH_GCEVENTS") == "2" ? EventLevel.Verbose : EventLevel.Informational, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        lock (_lock)
        {
            if (!_on) return;
            var at = e.TimeStamp;
            switch (e.EventName)
            {
                case "GCSuspendEEBegin_V1": _suspendBegin = at; break;
                case "GCSuspendEEEnd_V1": _suspendEnd = at; _suspendMs += (at - _suspendBegin).TotalMilliseconds; break;
                case "GCStart_V2": _gcStart = at; _depth = Convert.ToInt32(e.Payload![1], CultureInfo.InvariantCulture); break;
                case "GCEnd_V1":
                    var ms = (at - _gcStart).TotalMilliseconds;
                    _gcMs += ms;
                    if (_depth == 0) { _gen0++; _gen0GcMs += ms; }
                    break;
                case "GCHeapStats_V2":
                    if (_depth == 0) _promoted0 += Convert.ToInt64(e.Payload![1], CultureInfo.InvariantCulture);
                    break;
                case "GCAllocationTick_V4":
                    var type = e.Payload![e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
                    _allocated[type] = _allocated.GetValueOrDefault(type) + Convert.ToInt64(e.Payload![e.PayloadNames!.IndexOf("AllocationAmount64")], CultureInfo.InvariantCulture);
                    break;
                case "GCRestartEEEnd_V1": _pauses++; _restartMs += (at - _suspendEnd).TotalMilliseconds; break;
            }
        }
    }

    public string Describe()
    {
        lock (_lock)
        {
            var gc = string.Create(CultureInfo.InvariantCulture,
                $"GC events: {_pauses} pauses, per pause: suspend {_suspendMs / Math.Max(1, _pauses):0.000} ms, from suspended to restarted {_restartMs / Math.Max(1, _pauses):0.000} ms (collections {_gcMs / Math.Max(1, _pauses):0.000} ms); gen0: {_gen0} collections, {_gen0GcMs / Math.Max(1, _gen0):0.000} ms each, {_promoted0 / 1024.0 / Math.Max(1, _gen0):0} KiB promoted each");
            if (_allocated.Count == 0) return gc;
            return gc + "\n  allocation ticks (KiB sampled): "
                + string.Join(", ", _allocated.OrderByDescending(a => a.Value).Take(25).Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Key} {a.Value / 1024}")));
        }
    }
}
