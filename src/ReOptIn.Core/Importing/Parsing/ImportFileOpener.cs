using System.Buffers.Binary;
using System.IO.Compression;

namespace ReOptIn.Core.Importing.Parsing;

/// <summary>
/// Opens an uploaded list as a stream of its text bytes: a .csv, .tsv or .txt file as it is, a .gz unpacked, or the
/// one list inside a .zip. Nothing is loaded into memory; unpacking is checked as it goes (see
/// <see cref="DecompressionGuardStream"/>). The caller disposes the stream.
/// </summary>
public static class ImportFileOpener
{
    private static readonly string[] TextExtensions = [".csv", ".tsv", ".txt"];

    /// <param name="path">Where the upload is stored.</param>
    /// <param name="originalFileName">The name the user's file had; its extension says how to open it.</param>
    /// <param name="limits">Size limits; <see cref="ImportLimits.Default"/> when in doubt.</param>
    /// <exception cref="ImportFileException">The file cannot be imported; the message says why and what to do.</exception>
    public static Stream Open(string path, string originalFileName, ImportLimits limits)
    {
        var extension = Path.GetExtension(originalFileName).ToLowerInvariant();
        var isText = TextExtensions.Contains(extension);
        if (!isText && extension is not (".gz" or ".zip"))
        {
            throw ImportFileErrors.Unsupported(originalFileName);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        try
        {
            if (file.Length > limits.MaxFileBytes)
            {
                throw ImportFileErrors.FileTooLarge(file.Length, limits.MaxFileBytes);
            }

            return isText ? file : extension == ".gz" ? OpenGzip(file, limits) : OpenZip(file, limits);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static DecompressionGuardStream OpenGzip(FileStream file, ImportLimits limits)
    {
        Span<byte> magic = stackalloc byte[2];
        if (file.Length < 18 || file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) < 2 || magic[0] != 0x1F || magic[1] != 0x8B)
        {
            throw ImportFileErrors.Corrupt("gzip");
        }

        // The trailer holds the unpacked size (of the last member, modulo 4 GiB): never more than the real size,
        // so when it is already over the limit the file can be refused before unpacking anything.
        Span<byte> trailer = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        CheckDeclaredSize(BinaryPrimitives.ReadUInt32LittleEndian(trailer), file.Length, limits);

        file.Seek(0, SeekOrigin.Begin);
        return new DecompressionGuardStream(new GZipStream(file, CompressionMode.Decompress), file, file.Length, limits, "gzip");
    }

    private static DecompressionGuardStream OpenZip(FileStream file, ImportLimits limits)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw ImportFileErrors.Corrupt("ZIP");
        }

        try
        {
            var entry = PickEntry(archive);
            if (entry.IsEncrypted)
            {
                throw ImportFileErrors.Encrypted(entry.FullName);
            }

            // Refuse on the declared sizes first. .NET also stops an entry's stream at its declared size, so a ZIP
            // that understates it yields no more than it declares; the guard below still counts what comes out.
            var compressed = Math.Min(entry.CompressedLength, file.Length);
            CheckDeclaredSize(entry.Length, compressed, limits);
            Stream content;
            try
            {
                content = entry.Open();
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException)
            {
                throw ImportFileErrors.Corrupt("ZIP");
            }

            return new DecompressionGuardStream(content, file, compressed, limits, "ZIP", archive, file);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <summary>The one list in the archive, ignoring folders and what macOS and Windows add on their own.</summary>
    private static ZipArchiveEntry PickEntry(ZipArchive archive)
    {
        List<ZipArchiveEntry> files;
        try
        {
            files = archive.Entries.Where(e => !IsNoise(e)).ToList();
        }
        catch (InvalidDataException)
        {
            throw ImportFileErrors.Corrupt("ZIP");
        }

        var lists = files.Where(e => TextExtensions.Contains(Path.GetExtension(e.Name).ToLowerInvariant())).ToList();
        return lists.Count switch
        {
            1 => lists[0],
            0 => throw ImportFileErrors.NoTextFile(files.Select(e => e.FullName).ToList()),
            _ => throw ImportFileErrors.SeveralFiles(lists.Select(e => e.FullName).ToList()),
        };
    }

    private static bool IsNoise(ZipArchiveEntry e) =>
        e.Name.Length == 0 // a folder
        || e.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal)
        || e.Name.StartsWith("._", StringComparison.Ordinal)
        || e.Name is ".DS_Store" or "Thumbs.db" or "desktop.ini";

    private static void CheckDeclaredSize(long declared, long compressed, ImportLimits limits)
    {
        var byRatio = DecompressionGuardStream.SaturatingMultiply(
            Math.Max(compressed, limits.RatioCheckFloorBytes), limits.MaxCompressionRatio);
        if (declared > limits.MaxUncompressedBytes || declared > byRatio)
        {
            throw ImportFileErrors.Bomb(limits.MaxUncompressedBytes, limits.MaxCompressionRatio);
        }
    }
}
