using System.IO.Compression;
using System.Text;
using ReOptIn.Core.Importing.Parsing;

namespace ReOptIn.UnitTests.Importing.Parsing;

/// <summary>A temporary folder for the files of one test class, and small helpers to read what the parser sees.</summary>
public sealed class ParsingTestFiles : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reoptin-parsing-").FullName;

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    public string Zip(string name, params (string Name, byte[] Bytes)[] entries)
    {
        var path = Path.Combine(_folder, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entryName, bytes) in entries)
        {
            using var s = zip.CreateEntry(entryName).Open();
            s.Write(bytes);
        }

        return path;
    }

    public string Gzip(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        gz.Write(bytes);
        return path;
    }

    /// <summary>A ZIP of one "CSV" of <paramref name="zeros"/> zero bytes, written 1 MiB at a time.</summary>
    public string ZipBomb(string name, long zeros)
    {
        var path = Path.Combine(_folder, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using var entry = zip.CreateEntry("contacts.csv", CompressionLevel.Optimal).Open();
        WriteZeros(entry, zeros);
        return path;
    }

    /// <summary>A gzip of <paramref name="bytes"/> bytes, zeros or the same line over and over, written 1 MiB at a time.</summary>
    public string GzipBomb(string name, long bytes, string? line = null)
    {
        var path = Path.Combine(_folder, name);
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Optimal);
        WriteZeros(gz, bytes, line);
        return path;
    }

    private static void WriteZeros(Stream stream, long count, string? line = null)
    {
        var chunk = new byte[1 << 20];
        if (line is not null)
        {
            var pattern = Encoding.ASCII.GetBytes(line);
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = pattern[i % pattern.Length];
            }
        }

        for (var left = count; left > 0; left -= chunk.Length)
        {
            stream.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static (string[]? Header, List<ParsedRow> Rows) ReadAll(byte[] bytes, TextFormat format, int maxFieldLength = 100_000)
    {
        using var reader = new DelimitedReader(new MemoryStream(bytes), format, maxFieldLength);
        var header = reader.Header;
        return (header, reader.ReadRows().ToList());
    }

    public static (string[]? Header, List<ParsedRow> Rows) ReadAll(string text, char delimiter = ',', bool hasHeader = false) =>
        ReadAll(Encoding.UTF8.GetBytes(text), new TextFormat(TextFormat.Utf8, delimiter, hasHeader));

    /// <summary>What an import does: detect the format from the start of the file, then read it in that format.</summary>
    public static (FormatDetection Detection, string[]? Header, List<ParsedRow> Rows) DetectAndRead(byte[] bytes)
    {
        var detection = FormatDetector.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, FormatDetector.HeadSize)), bytes.Length <= FormatDetector.HeadSize);
        var (header, rows) = ReadAll(bytes, detection.Format);
        return (detection, header, rows);
    }

    public static ImportFileException Refused(Action action) => Assert.Throws<ImportFileException>(action);
}
