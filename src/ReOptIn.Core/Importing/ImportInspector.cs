using ReOptIn.Core.Importing.Mapping;
using ReOptIn.Core.Importing.Parsing;

namespace ReOptIn.Core.Importing;

/// <summary>What ReOptIn makes of an upload before importing it: format, columns, first rows, mapping.</summary>
public sealed record Inspection(TextFormat Format, IReadOnlyList<string> Notes, IReadOnlyList<string> Columns, IReadOnlyList<string[]> Preview, ColumnMapping Mapping);

/// <summary>The overrides a person (or an API call) gives for an upload; null means "as detected".</summary>
public sealed record FormatOverrides(string? Encoding = null, char? Delimiter = null, bool? HasHeader = null);

public static class ImportInspector
{
    public const int PreviewRows = 20;
    private const int DetectionBytes = 64 * 1024;

    /// <summary>
    /// Detects the format (unless overridden), reads the header and the first rows, and proposes a
    /// mapping: <paramref name="mappingJson"/> when given (the API's or a re-upload's remembered
    /// mapping), otherwise one suggested from the headers and contents.
    /// </summary>
    public static Inspection Inspect(string path, string fileName, ImportLimits limits, FormatOverrides overrides, string? mappingJson = null)
    {
        FormatDetection detection;
        using (var head = ImportFileOpener.Open(path, fileName, limits))
        {
            var buffer = new byte[DetectionBytes];
            var read = head.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            detection = FormatDetector.Detect(buffer.AsSpan(0, read), isWholeFile: read < buffer.Length);
        }
        if (overrides.Encoding is { } e && !TextFormat.Encodings.Contains(e))
            throw new ImportFileException("unknown-encoding", $"Unknown encoding “{e}”. Choose one of: {string.Join(", ", TextFormat.Encodings)}.");
        if (overrides.Delimiter is { } d && !TextFormat.Delimiters.Contains(d))
            throw new ImportFileException("unknown-delimiter", "The delimiter must be a comma, a semicolon, a tab or a vertical bar.");
        var format = new TextFormat(overrides.Encoding ?? detection.Format.Encoding, overrides.Delimiter ?? detection.Format.Delimiter, overrides.HasHeader ?? detection.Format.HasHeader);

        using var reader = new DelimitedReader(ImportFileOpener.Open(path, fileName, limits), format);
        var preview = reader.ReadRows().Take(PreviewRows).Select(r => r.Fields).ToList();
        var width = Math.Max(reader.Header?.Length ?? 0, preview.Count == 0 ? 0 : preview.Max(r => r.Length));
        if (width == 0)
            throw new ImportFileException("empty-file", "The file holds no rows. Check that you chose the right file.");
        if (preview.Count == 0)
            throw new ImportFileException("no-rows", "The file has a header row but no rows below it: there is nobody to import.");
        var columns = ColumnMapper.ColumnNames(reader.Header, width);
        ColumnMapping mapping;
        try
        {
            mapping = mappingJson is null ? ColumnMapper.Suggest(format.HasHeader ? columns : null, preview) : ColumnMappingJson.Apply(mappingJson, columns);
        }
        catch (ArgumentException ex)
        {
            throw new ImportFileException("bad-mapping", ex.Message);
        }
        return new Inspection(format, detection.Notes, columns, preview, mapping);
    }
}
