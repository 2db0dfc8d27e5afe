using System.Buffers.Binary;
using System.Text;
using ReOptIn.Core.Importing.Parsing;
using static ReOptIn.UnitTests.Importing.Parsing.ParsingTestFiles;

namespace ReOptIn.UnitTests.Importing.Parsing;

public sealed class ImportFileOpenerTests : IDisposable
{
    private const string List = "email,name\na@example.com,Ana\nb@example.com,Bo\n";
    private static readonly byte[] ListBytes = Encoding.UTF8.GetBytes(List);
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    private static readonly ImportLimits SmallLimits = new(MaxFileBytes: 10 << 20, MaxUncompressedBytes: 8 << 20, MaxCompressionRatio: 200);

    private readonly ParsingTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static string ReadText(string path, string name, ImportLimits? limits = null)
    {
        using var stream = ImportFileOpener.Open(path, name, limits ?? ImportLimits.Default);
        using var text = new StreamReader(stream);
        return text.ReadToEnd();
    }

    private static void Drain(string path, string name, ImportLimits limits)
    {
        using var stream = ImportFileOpener.Open(path, name, limits);
        stream.CopyTo(Stream.Null);
    }

    [Theory]
    [InlineData("contacts.csv")]
    [InlineData("contacts.TXT")]
    [InlineData("contacts.tsv")]
    public void A_text_file_is_opened_as_it_is(string name)
    {
        Assert.Equal(List, ReadText(_files.Write("upload.tmp", List), name));
    }

    [Theory]
    [InlineData("contacts.xlsx", "Save it as CSV first")]
    [InlineData("contacts.pdf", "Files ending in .pdf cannot be imported")]
    [InlineData("contacts", "Files without an extension cannot be imported")]
    public void Other_file_types_are_refused_with_what_to_upload_instead(string name, string message)
    {
        var e = Refused(() => ImportFileOpener.Open(_files.Write("upload.tmp", List), name, ImportLimits.Default));

        Assert.Equal("unsupported-type", e.Code);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_with_both_sizes()
    {
        var path = _files.Write("big.csv", new byte[3 << 20]);

        var e = Refused(() => ImportFileOpener.Open(path, "big.csv", ImportLimits.Default with { MaxFileBytes = 2 << 20 }));

        Assert.Equal("too-large", e.Code);
        Assert.Contains("The file is 3 MB; the largest file you can import is 2 MB.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_file_is_unpacked()
    {
        Assert.Equal(List, ReadText(_files.Gzip("list.csv.gz", ListBytes), "list.csv.gz"));
    }

    [Theory]
    [InlineData("list.csv.gz")]
    [InlineData("list.zip")]
    public void Progress_of_a_packed_upload_is_measured_in_the_packed_file(string name)
    {
        // Random numbers keep the text from packing too well: about 2-3 times smaller, like a real export.
        var random = new Random(7);
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 40_000)
            .Select(i => $"user{random.Next()}@example{random.Next(1000)}.com,Name {random.Next()},{random.Next()}\n")));
        var path = name.EndsWith(".gz", StringComparison.Ordinal) ? _files.Gzip(name, text) : _files.Zip(name, ("list.csv", text));
        var packedSize = new FileInfo(path).Length;
        using var reader = new DelimitedReader(ImportFileOpener.Open(path, name, ImportLimits.Default), new TextFormat(TextFormat.Utf8, ',', HasHeader: false));
        long halfway = 0;

        foreach (var row in reader.ReadRows())
        {
            if (row.Number == 20_000) halfway = reader.BytesConsumed;
        }

        // Counting the unpacked text instead would pass the packed size long before the end (a bar stuck at 99%).
        Assert.InRange(halfway, packedSize / 4, packedSize * 3 / 4);
        Assert.InRange(reader.BytesConsumed, packedSize * 9 / 10, packedSize);
    }

    [Fact]
    public void A_file_named_gz_that_is_not_gzip_is_refused_as_damaged()
    {
        var e = Refused(() => ImportFileOpener.Open(_files.Write("x.gz", List), "list.csv.gz", ImportLimits.Default));

        Assert.Equal("corrupt-archive", e.Code);
        Assert.Contains("gzip file is damaged", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_file_damaged_after_its_header_is_refused_while_reading()
    {
        var packed = File.ReadAllBytes(_files.Gzip("ok.gz", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(List, 200)))));
        packed.AsSpan(10, 40).Fill(0xFF); // the deflate data right after the 10-byte header
        var path = _files.Write("damaged.gz", packed);

        Assert.Equal("corrupt-archive", Refused(() => Drain(path, "list.gz", ImportLimits.Default)).Code);
    }

    [Fact]
    public void A_zip_holding_one_list_is_opened_ignoring_folders_and_macos_extras()
    {
        var path = _files.Zip("list.zip",
            ("export/", []),
            ("export/contacts.csv", ListBytes),
            ("__MACOSX/export/._contacts.csv", [0, 5, 22, 7]),
            ("export/.DS_Store", [0, 0, 0, 1]));

        Assert.Equal(List, ReadText(path, "list.zip"));
    }

    [Fact]
    public void A_zip_holding_two_lists_is_refused_and_names_them()
    {
        var path = _files.Zip("two.zip", ("january.csv", ListBytes), ("february.csv", ListBytes));

        var e = Refused(() => ImportFileOpener.Open(path, "two.zip", ImportLimits.Default));

        Assert.Equal("zip-several-files", e.Code);
        Assert.Contains("january.csv, february.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_holding_only_an_image_is_refused_and_names_what_it_holds()
    {
        var path = _files.Zip("photo.zip", ("logo.png", Png));

        var e = Refused(() => ImportFileOpener.Open(path, "photo.zip", ImportLimits.Default));

        Assert.Equal("zip-no-text-file", e.Code);
        Assert.Contains("logo.png", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_renamed_to_csv_inside_a_zip_is_unpacked_then_refused_as_binary()
    {
        var path = _files.Zip("renamed.zip", ("contacts.csv", [.. Png, .. new byte[500]]));
        using var stream = ImportFileOpener.Open(path, "renamed.zip", ImportLimits.Default);

        var e = Refused(() => FormatDetector.Detect(stream));

        Assert.Equal("binary-file", e.Code);
        Assert.Contains("PNG", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_zip_is_refused()
    {
        var path = _files.Zip("empty.zip");

        var e = Refused(() => ImportFileOpener.Open(path, "empty.zip", ImportLimits.Default));

        Assert.Equal("zip-no-text-file", e.Code);
        Assert.Contains("The ZIP file is empty.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_named_zip_that_is_not_a_zip_is_refused_as_damaged()
    {
        var e = Refused(() => ImportFileOpener.Open(_files.Write("x.zip", List), "list.zip", ImportLimits.Default));

        Assert.Equal("corrupt-archive", e.Code);
    }

    [Fact]
    public void A_zip_bomb_is_refused_before_unpacking_from_its_declared_size()
    {
        // 300 MB of zeros packs to about 300 KB.
        var path = _files.ZipBomb("bomb.zip", 300L << 20);

        var e = Refused(() => ImportFileOpener.Open(path, "bomb.zip", ImportLimits.Default));

        Assert.Equal("zip-bomb", e.Code);
        Assert.Contains("200 times its own size", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_bomb_that_understates_its_size_unpacks_no_more_than_it_declares()
    {
        var path = _files.ZipBomb("bomb.zip", 300L << 20);
        LieAboutZipSize(path, 1000);

        using var stream = ImportFileOpener.Open(path, "bomb.zip", ImportLimits.Default);
        var unpacked = 0L;
        var buffer = new byte[1 << 16];
        for (int n; (n = stream.Read(buffer)) > 0;)
        {
            unpacked += n;
        }

        Assert.Equal(1000, unpacked); // .NET stops at the declared size: the stream never grows to the real 300 MB
    }

    [Fact]
    public void A_gzip_bomb_that_understates_its_size_is_stopped_while_unpacking()
    {
        var path = _files.GzipBomb("bomb.gz", 40L << 20);
        LieAboutGzipSize(path, 1000);

        var e = Refused(() => Drain(path, "list.csv.gz", SmallLimits));

        Assert.Equal("zip-bomb", e.Code);
    }

    [Fact]
    public void A_gzip_file_over_the_unpacked_size_limit_is_stopped_even_with_a_modest_ratio()
    {
        var random = new Random(7);
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 400_000).Select(_ => $"{random.Next()}@example.com\n")));
        var honest = _files.Gzip("big.gz", text); // about 9 MB of text, packed about 3:1
        var lying = _files.Write("lying.gz", File.ReadAllBytes(honest));
        LieAboutGzipSize(lying, 1000);

        Assert.Equal(text.Length, ReadText(honest, "big.gz").Length); // fine within the default limits
        Assert.Equal("zip-bomb", Refused(() => Drain(lying, "big.gz", SmallLimits)).Code);
    }

    [Fact]
    public void A_gzip_bomb_of_plausible_rows_stops_the_reader_with_the_bomb_message()
    {
        var path = _files.GzipBomb("rows.gz", 40L << 20, "someone@example.com,Ana,Berg\n");
        LieAboutGzipSize(path, 1000);
        using var reader = new DelimitedReader(ImportFileOpener.Open(path, "rows.csv.gz", SmallLimits), new TextFormat(TextFormat.Utf8, ',', HasHeader: false));
        var rows = 0;

        var e = Refused(() =>
        {
            foreach (var _ in reader.ReadRows())
            {
                rows++;
            }
        });

        Assert.Equal("zip-bomb", e.Code);
        Assert.InRange(rows, 100_000, 8 << 20); // it read the first megabytes, then stopped
    }

    [Fact]
    public void A_gzip_bomb_that_declares_its_size_is_refused_when_opened()
    {
        var path = _files.GzipBomb("bomb.gz", 40L << 20);

        Assert.Equal("zip-bomb", Refused(() => ImportFileOpener.Open(path, "bomb.gz", SmallLimits)).Code);
    }

    /// <summary>Rewrites the unpacked size in the local header and in the central directory of a one-entry ZIP.</summary>
    private static void LieAboutZipSize(string path, uint size)
    {
        var bytes = File.ReadAllBytes(path);
        for (var i = 0; i + 4 <= bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            if (signature == 0x04034b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 22), size);
            }
            else if (signature == 0x02014b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), size);
            }
        }

        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Rewrites the gzip trailer's size field, as a hostile file would, so only the bytes that come out tell.</summary>
    private static void LieAboutGzipSize(string path, uint size)
    {
        using var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, size);
        file.Seek(-4, SeekOrigin.End);
        file.Write(trailer);
    }
}
