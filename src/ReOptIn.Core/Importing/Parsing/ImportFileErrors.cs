using System.Globalization;

namespace ReOptIn.Core.Importing.Parsing;

/// <summary>
/// The codes of <see cref="ImportFileException"/> and the words a marketer reads for each: what is wrong
/// and what to do about it. Kept in one place so the wording stays consistent.
/// </summary>
public static class ImportFileErrors
{
    public const string TooLarge = "too-large";
    public const string UnsupportedType = "unsupported-type";
    public const string ZipSeveralFiles = "zip-several-files";
    public const string ZipNoTextFile = "zip-no-text-file";
    public const string ZipEncrypted = "zip-encrypted";
    public const string ZipBomb = "zip-bomb";
    public const string CorruptArchive = "corrupt-archive";
    public const string EmptyFile = "empty-file";
    public const string BinaryFile = "binary-file";
    public const string LineTooLong = "line-too-long";
    public const string UnbalancedQuote = "unbalanced-quote";
    public const string StorageFull = "storage-full";
    public const string StorageFailed = "storage-failed";

    private const string WhatWeRead = "a .csv, .tsv or .txt file, or a .zip or .gz holding one";

    /// <summary>The upload could not be written to the server's disk (ENOSPC is errno 28 on Linux; .NET passes errno as HResult there).</summary>
    public static ImportFileException NotStored(IOException e) =>
        e is not null && (e.HResult == 28 || e.HResult == unchecked((int)0x80070070) || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase))
            ? new(StorageFull, StorageFullMessage)
            : new(StorageFailed, StorageFailedMessage);

    private const string StorageFullMessage = "The server's disk is full, so the file could not be stored. Nothing was imported. " +
        "Ask an administrator to free space where uploads are kept (Imports:Folder), then upload the file again.";

    private const string StorageFailedMessage = "The server could not store the file. Nothing was imported. " +
        "Try again; if it happens again, ask an administrator to check the upload folder (Imports:Folder) and the logs.";

    /// <summary>What the list's page says after an upload the server could not take in (the code comes back in the address).</summary>
    public static string? UploadFailure(string? code) => code switch
    {
        StorageFull => StorageFullMessage,
        StorageFailed => StorageFailedMessage,
        TooLarge => "The file was larger than the upload limit. Split it, or compress it as .zip or .gz.",
        _ => null,
    };

    /// <summary>The HTTP status for an error code: 413 for too large, 507 when the server's disk is at fault, 422 for the file itself.</summary>
    public static int HttpStatus(string code) => code switch
    {
        TooLarge => 413,
        StorageFull or StorageFailed => 507,
        _ => 422,
    };

    internal static ImportFileException FileTooLarge(long size, long max) => new(TooLarge,
        $"The file is {Size(size)}; the largest file you can import is {Size(max)}. " +
        "Split the list into smaller files, or compress it as .zip or .gz.");

    internal static ImportFileException Unsupported(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension is ".xlsx" or ".xls" or ".xlsm" or ".ods" or ".numbers")
        {
            return new(UnsupportedType,
                $"“{fileName}” is a spreadsheet. Save it as CSV first (in Excel: File › Save As › “CSV UTF-8”) and upload the .csv file.");
        }

        var what = extension.Length == 0 ? "Files without an extension" : $"Files ending in {extension}";
        return new(UnsupportedType, $"{what} cannot be imported. Upload {WhatWeRead}.");
    }

    internal static ImportFileException SeveralFiles(IReadOnlyList<string> names) => new(ZipSeveralFiles,
        $"The ZIP file holds {names.Count} lists ({NameList(names)}); it should hold one. " +
        "Upload the files one at a time, or put one list in each ZIP.");

    internal static ImportFileException NoTextFile(IReadOnlyList<string> names) => new(ZipNoTextFile,
        names.Count == 0
            ? $"The ZIP file is empty. Upload {WhatWeRead}."
            : $"The ZIP file holds no .csv, .tsv or .txt file (it holds {NameList(names)}). Upload {WhatWeRead}.");

    internal static ImportFileException Encrypted(string name) => new(ZipEncrypted,
        $"“{name}” in the ZIP file is password-protected. Unzip it on your computer and upload the list itself.");

    internal static ImportFileException Bomb(long maxBytes, int maxRatio) => new(ZipBomb,
        $"The compressed file unpacks to more than {Size(maxBytes)}, or to more than {maxRatio} times its own size, " +
        "which is how harmful “ZIP bombs” are made, so it was not opened. " +
        "If the list is genuine, unpack it on your computer and upload it in smaller parts.");

    internal static ImportFileException Corrupt(string kind) => new(CorruptArchive,
        $"The {kind} file is damaged and cannot be unpacked. Create it again, or upload the list without compressing it.");

    internal static ImportFileException Empty() => new(EmptyFile,
        "The file is empty. Check that you exported the list with its rows, then upload it again.");

    internal static ImportFileException Binary(string what) => new(BinaryFile,
        $"This is not a text file: it looks like {what}. Upload the list as {WhatWeRead}.");

    internal static ImportFileException TooLong(long line, int maxChars) => new(LineTooLong,
        $"Line {Number(line)} is longer than {Number(maxChars)} characters, which no contact needs. " +
        $"This usually means a quote mark (\") on line {Number(line)} is never closed, so the lines after it run together. " +
        "Fix that quote in a spreadsheet or text editor, export again and re-upload.");

    internal static ImportFileException OpenQuote(long line) => new(UnbalancedQuote,
        $"A quote mark (\") opened on line {Number(line)} is never closed, so everything after it would be read as one cell. " +
        $"Remove or close that quote on line {Number(line)}, then upload the file again.");

    private static string NameList(IReadOnlyList<string> names) =>
        names.Count <= 10
            ? string.Join(", ", names)
            : string.Join(", ", names.Take(10)) + $" and {names.Count - 10} more";

    private static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{(bytes / (double)(1L << 30)).ToString("0.#", CultureInfo.InvariantCulture)} GB",
        >= 1L << 20 => $"{(bytes / (double)(1L << 20)).ToString("0.#", CultureInfo.InvariantCulture)} MB",
        >= 1L << 10 => $"{(bytes / (double)(1L << 10)).ToString("0.#", CultureInfo.InvariantCulture)} KB",
        _ => $"{bytes} bytes",
    };
}
