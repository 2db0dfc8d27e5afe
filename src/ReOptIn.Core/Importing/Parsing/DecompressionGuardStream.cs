namespace ReOptIn.Core.Importing.Parsing;

/// <summary>
/// Unpacks through a decompressing stream and stops as soon as the output grows beyond the limits, whatever the
/// archive's headers claim: headers can lie, the bytes that come out cannot. Also turns the decompressor's
/// "invalid data" into a message about a damaged archive, and disposes what the archive needed (the ZIP
/// directory, the file) with the stream.
/// </summary>
/// <param name="upload">The packed file as stored: its position is the progress of the import.</param>
internal sealed class DecompressionGuardStream(
    Stream decompressed, Stream upload, long compressedBytes, ImportLimits limits, string kind, params IDisposable[] owned)
    : ForwardReadStream(decompressed, leaveOpen: false), IUploadProgress
{
    private readonly long _maxBytes = Math.Min(
        limits.MaxUncompressedBytes,
        SaturatingMultiply(Math.Max(compressedBytes, limits.RatioCheckFloorBytes), limits.MaxCompressionRatio));

    public long BytesUnpacked { get; private set; }

    // The unpacked size is unknown until the end (a .gz trailer holds it modulo 4 GiB, of the last member only), so
    // progress is how far into the packed file the decompressor has read, against the upload's size.
    public long UploadBytesRead => upload.Position;

    protected override void OnRead(ReadOnlySpan<byte> read)
    {
        BytesUnpacked += read.Length;
        if (BytesUnpacked > _maxBytes)
        {
            throw ImportFileErrors.Bomb(limits.MaxUncompressedBytes, limits.MaxCompressionRatio);
        }
    }

    protected override Exception? Translate(Exception exception) =>
        exception is InvalidDataException ? ImportFileErrors.Corrupt(kind) : null;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            foreach (var d in owned)
            {
                d.Dispose();
            }
        }
    }

    internal static long SaturatingMultiply(long a, long b) => a > long.MaxValue / Math.Max(b, 1) ? long.MaxValue : a * b;
}
