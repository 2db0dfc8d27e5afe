namespace ReOptIn.Core.Importing.Parsing;

/// <summary>
/// How big an upload may be. <see cref="MaxFileBytes"/> is the size of the uploaded file; the other two
/// guard against archives that unpack to far more than they weigh (ZIP or gzip "bombs").
/// </summary>
public sealed record ImportLimits(
    long MaxFileBytes = 1L << 30,
    long MaxUncompressedBytes = 2L << 30,
    int MaxCompressionRatio = 200)
{
    public static ImportLimits Default { get; } = new();

    /// <summary>
    /// The ratio is only checked once this much has been unpacked, so that a tiny archive of a small,
    /// repetitive file (which can legitimately shrink a lot) is not mistaken for a bomb.
    /// </summary>
    public long RatioCheckFloorBytes { get; init; } = 64 * 1024;
}
