namespace ReOptIn.Core.Bounces;

/// <summary>
/// Old Mac mail (CR alone) is one long line to a MIME parser; CR-only line ends become LF before parsing.
/// CRLF and LF pass unchanged.
/// </summary>
internal static class LineEnds
{
    public static Stream Normalise(Stream raw)
    {
        var buffer = new MemoryStream();
        raw.CopyTo(buffer);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.IndexOf((byte)'\r') < 0 || bytes.IndexOf((byte)'\n') >= 0)
        {
            buffer.Position = 0;
            return buffer;
        }
        var copy = bytes.ToArray();
        for (var i = 0; i < copy.Length; i++)
        {
            if (copy[i] == '\r') copy[i] = (byte)'\n';
        }
        return new MemoryStream(copy, writable: false);
    }
}
