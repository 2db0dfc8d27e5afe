using ReOptIn.Core.Security;
using Serilog.Core;
using Serilog.Events;

namespace ReOptIn.Web.Logging;

/// <summary>
/// Masks addresses in every property of every event, so that structured sinks (JSON files, Seq)
/// never receive a full address either.
/// </summary>
public sealed class MaskEmailsEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            var masked = Mask(value);
            if (!ReferenceEquals(masked, value))
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, masked));
        }
    }

    private static LogEventPropertyValue Mask(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string s } when s.Contains('@', StringComparison.Ordinal) => new ScalarValue(EmailMask.MaskAll(s)),
        ScalarValue { Value: not null and not string } scalar when scalar.Value.ToString() is { } text && text.Contains('@', StringComparison.Ordinal)
            => new ScalarValue(EmailMask.MaskAll(text)),
        SequenceValue seq => new SequenceValue(seq.Elements.Select(Mask)),
        StructureValue st => new StructureValue(st.Properties.Select(p => new LogEventProperty(p.Name, Mask(p.Value))), st.TypeTag),
        DictionaryValue dict => new DictionaryValue(dict.Elements.Select(kv => new KeyValuePair<ScalarValue, LogEventPropertyValue>(kv.Key, Mask(kv.Value)))),
        _ => value,
    };
}
