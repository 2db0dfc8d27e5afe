using MimeKit;

namespace ReOptIn.Core.Bounces.Intake;

/// <summary>
/// An uploaded file of returned messages: one message (.eml), or many (.mbox, recognised by its
/// "From " first line), read one message at a time from the stream, never whole into memory.
/// </summary>
public static class BounceFile
{
    // Headers a real message has at least one of.
    private static readonly HeaderId[] MailHeaders =
        [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId, HeaderId.Received, HeaderId.ReturnPath, HeaderId.ContentType];

    /// <summary>What is wrong with the file as a whole, in plain words; null when it looks like mail.</summary>
    public static string? Check(Stream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var head = new byte[8192];
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        file.Position = 0;
        var start = head.AsSpan(0, read);
        if (start.Trim(" \t\r\n"u8).IsEmpty) return "The file is empty.";
        if (start.Contains((byte)0)) return "This is not a mail file (it holds binary data). Upload a message saved as .eml, or a mailbox exported as .mbox.";
        if (IsMbox(start)) return null;
        try
        {
            var headers = HeaderList.Load(new MemoryStream(head, 0, read, writable: false));
            if (MailHeaders.Any(h => headers.Contains(h))) return null;
        }
        catch (FormatException)
        {
            // Not headers at all.
        }
        return "This is not a mail file: it does not start with mail headers (From:, To:, Subject:…) nor with an mbox “From ” line.";
    }

    /// <summary>
    /// The messages of a file <see cref="Check"/> accepted, each as the bytes of one message, cut at
    /// <paramref name="maxMessageBytes"/> (a bounce needs its headers and report, not its attachments),
    /// with the offset where it starts in the file. Reading starts at <paramref name="from"/>: 0, or the
    /// <see cref="BounceFileMessage.Offset"/> of a message read before (to go on after a stop).
    /// </summary>
    public static async IAsyncEnumerable<BounceFileMessage> ReadAsync(Stream file, int maxMessageBytes, long from = 0,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var head = new byte[5];
        file.Position = 0;
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (!IsMbox(head.AsSpan(0, read)))
        {
            if (from > 0) yield break;   // the one message was read before
            file.Position = 0;
            var one = new byte[(int)Math.Min(maxMessageBytes, file.Length)];
            yield return new(one[..await file.ReadAtLeastAsync(one, one.Length, throwOnEndOfStream: false, ct)], 0);
            yield break;
        }
        file.Position = from;
        // Not persistent: each message is parsed into memory on its own, then let go.
        var parser = new MimeParser(file, MimeFormat.Mbox, persistent: false);
        while (!parser.IsEndOfStream)
        {
            MimeMessage message;
            try
            {
                message = await parser.ParseMessageAsync(ct);
            }
            catch (FormatException)
            {
                yield break;   // trailing text after the last message
            }
            using var buffer = new MemoryStream();
            await message.WriteToAsync(buffer, ct);
            message.Dispose();
            yield return new(buffer.Length > maxMessageBytes ? buffer.GetBuffer()[..maxMessageBytes] : buffer.ToArray(), parser.MboxMarkerOffset);
        }
    }

    private static bool IsMbox(ReadOnlySpan<byte> start) => start.StartsWith("From "u8);
}

/// <summary>One message of an uploaded file and the offset of its start (its mbox "From " line).</summary>
public sealed record BounceFileMessage(byte[] Raw, long Offset);
