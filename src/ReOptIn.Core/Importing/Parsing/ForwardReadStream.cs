namespace ReOptIn.Core.Importing.Parsing;

/// <summary>
/// A read-only, forward-only stream over another one, which sees every byte read through it.
/// Subclasses count or check what passes in <see cref="OnRead"/>.
/// </summary>
internal abstract class ForwardReadStream(Stream inner, bool leaveOpen) : Stream
{
    protected Stream Inner { get; } = inner;

    /// <summary>Called after each read with the bytes just read (0 at the end of the input).</summary>
    protected abstract void OnRead(ReadOnlySpan<byte> read);

    /// <summary>Lets a subclass turn an exception of the inner stream into one a user understands.</summary>
    protected virtual Exception? Translate(Exception exception) => null;

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = Inner.Read(buffer);
        }
        catch (Exception e) when (Translate(e) is { } translated)
        {
            throw translated;
        }

        OnRead(buffer[..n]);
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        try
        {
            n = await Inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (Translate(e) is { } translated)
        {
            throw translated;
        }

        OnRead(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Counts the bytes read, for a progress bar.</summary>
internal sealed class CountingStream(Stream inner, bool leaveOpen = false) : ForwardReadStream(inner, leaveOpen)
{
    public long BytesRead { get; private set; }

    protected override void OnRead(ReadOnlySpan<byte> read) => BytesRead += read.Length;
}

/// <summary>A stream read from an upload that is not the text itself (a .gz or .zip): how much of the upload is read.</summary>
internal interface IUploadProgress
{
    long UploadBytesRead { get; }
}
