using ReOptIn.Core.Importing.Mapping;
using ReOptIn.Core.Importing.Parsing;

namespace ReOptIn.Core.Importing;

/// <summary>Creating import jobs from uploads, the same way for the browser and the API.</summary>
public static class ImportJobSettings
{
    /// <summary>Records what the inspection found (or what the person chose) on the job.</summary>
    public static void Apply(ImportJob job, TextFormat format, ColumnMapping mapping, IReadOnlyList<string> notes, int columnCount)
    {
        job.Encoding = format.Encoding;
        job.Delimiter = format.Delimiter.ToString();
        job.HasHeader = format.HasHeader;
        job.MappingJson = ColumnMappingJson.ToJson(mapping);
        job.DetectionNotes = notes.Count == 0 ? null : string.Join("\n", notes);
        job.ColumnCount = columnCount;
    }

    public static TextFormat FormatOf(ImportJob job) =>
        new(job.Encoding ?? TextFormat.Utf8, (job.Delimiter ?? ",")[0], job.HasHeader ?? true);

    public static ImportLimits Limits(ImportOptions options) => new(options.MaxUploadBytes, options.MaxUncompressedBytes);
}
