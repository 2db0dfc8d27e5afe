using System.Runtime.InteropServices;

namespace ReOptIn.Core.Importing;

/// <summary>A 32-byte hash as a value, for sets of millions of keyed address hashes.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct Hash32(ulong A, ulong B, ulong C, ulong D)
{
    public static Hash32 From(ReadOnlySpan<byte> bytes)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(bytes[..32]);
        return new Hash32(words[0], words[1], words[2], words[3]);
    }
}
