// Temporary: the signatures the import pipeline uses from the parsing, address and mapping work
// being written beside it. Deleted when that work is merged.
#pragma warning disable CA1822, IDE0060
namespace ReOptIn.Core.Importing.Parsing;

    public sealed record ImportLimits(long MaxFileBytes = 1L << 30, long MaxUncompressedBytes = 2L << 30, int MaxCompressionRatio = 200);

    public sealed record FormatDetection(TextFormat Format, IReadOnlyList<string> Notes);

    public static class ImportFileOpener
    {
        public static Stream Open(string path, string originalFileName, ImportLimits limits) => throw new NotImplementedException();
    }

    public static class FormatDetector
    {
        public static FormatDetection Detect(ReadOnlySpan<byte> head, bool isWholeFile) => throw new NotImplementedException();
    }

    public sealed class DelimitedReader(Stream stream, TextFormat format, int maxFieldLength = 100_000) : IDisposable
    {
        public string[]? Header => throw new NotImplementedException();
        public long BytesConsumed => throw new NotImplementedException();
        public IEnumerable<ParsedRow> ReadRows() => throw new NotImplementedException();
        public void Dispose() => stream.Dispose();
        public override string ToString() => $"{format} {maxFieldLength}";
    }
