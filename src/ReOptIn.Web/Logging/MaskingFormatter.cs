using ReOptIn.Core.Security;
using Serilog.Events;
using Serilog.Formatting;

namespace ReOptIn.Web.Logging;

/// <summary>
/// The last line of defence: masks addresses in the rendered text, including message templates
/// and exception messages (Identity's "User name 'x@y' is already taken", a database error…),
/// which no enricher can reach.
/// </summary>
public sealed class MaskingFormatter(ITextFormatter inner) : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var buffer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        inner.Format(logEvent, buffer);
        output.Write(EmailMask.MaskAll(buffer.ToString()));
    }
}
