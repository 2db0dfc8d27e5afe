using System.Text;
using System.Text.Unicode;

namespace ReOptIn.Core.Importing.Parsing;

/// <summary>
/// Guesses how a list is written (encoding, delimiter, header row) from its first bytes, and refuses files that
/// are not text. The guess is shown to the user with its <see cref="FormatDetection.Notes"/> and can be overridden.
/// </summary>
public static class FormatDetector
{
    /// <summary>How much of the start of a file to examine.</summary>
    public const int HeadSize = 64 * 1024;

    private const int SampleRecords = 200;

    /// <summary>Reads up to <see cref="HeadSize"/> bytes from the stream and detects the format from them.</summary>
    public static FormatDetection Detect(Stream stream)
    {
        var head = new byte[HeadSize];
        var n = stream.ReadAtLeast(head, HeadSize, throwOnEndOfStream: false);
        return Detect(head.AsSpan(0, n), isWholeFile: n < HeadSize);
    }

    /// <param name="head">The first bytes of the file (about <see cref="HeadSize"/>).</param>
    /// <param name="isWholeFile">Whether <paramref name="head"/> is all of the file, so its last line is complete.</param>
    /// <exception cref="ImportFileException"><c>empty-file</c> or <c>binary-file</c>.</exception>
    public static FormatDetection Detect(ReadOnlySpan<byte> head, bool isWholeFile)
    {
        if (head.IsEmpty)
        {
            throw ImportFileErrors.Empty();
        }

        if (KnownBinary(head) is { } what)
        {
            throw ImportFileErrors.Binary(what);
        }

        var notes = new List<string>();
        var (encoding, bomLength) = DetectEncoding(head, isWholeFile, notes);
        var text = Decode(head[bomLength..], encoding);

        if (text.AsSpan().Trim().Trim('\0').IsEmpty)
        {
            return isWholeFile
                ? throw ImportFileErrors.Empty()
                : new FormatDetection(new TextFormat(encoding, ',', HasHeader: false), notes);
        }

        if (LooksBinary(text))
        {
            throw ImportFileErrors.Binary("a program, an image or a document rather than a list");
        }

        var delimiter = DetectDelimiter(ref text, isWholeFile, notes);
        var rows = SampleSplitter.Split(text, delimiter, SampleRecords, isWholeFile);
        if (rows.Count == 0)
        {
            // One line longer than the sample: nothing to judge a header by.
            return new FormatDetection(new TextFormat(encoding, delimiter, HasHeader: false), notes);
        }

        var (hasHeader, headerNote) = HeaderGuess.Decide(rows);
        notes.Add(headerNote);
        return new FormatDetection(new TextFormat(encoding, delimiter, hasHeader), notes);
    }

    private static string? KnownBinary(ReadOnlySpan<byte> b)
    {
        if (StartsWith(b, [0x50, 0x4B, 0x03, 0x04]))
        {
            // Excel's .xlsx is a ZIP whose first entries name its parts.
            var start = b[..Math.Min(b.Length, 4096)];
            return start.IndexOf("xl/"u8) >= 0 || start.IndexOf("[Content_Types].xml"u8) >= 0
                ? "an Excel workbook (save it as CSV first: File › Save As › “CSV UTF-8”)"
                : "a ZIP archive (upload it with a name ending in .zip)";
        }

        return b switch
        {
            _ when StartsWith(b, [0x89, 0x50, 0x4E, 0x47]) => "a PNG image",
            _ when StartsWith(b, [0xFF, 0xD8, 0xFF]) => "a JPEG image",
            _ when b.StartsWith("GIF8"u8) => "a GIF image",
            _ when b.StartsWith("%PDF"u8) => "a PDF document",
            _ when StartsWith(b, [0x1F, 0x8B]) => "a gzip archive (upload it with a name ending in .gz)",
            _ when StartsWith(b, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) =>
                "an old Excel (.xls) or Word file (save it as CSV first: File › Save As › “CSV UTF-8”)",
            _ when StartsWith(b, [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) || b.StartsWith("Rar!"u8) => "a compressed archive",
            _ => null,
        };
    }

    private static (string Encoding, int BomLength) DetectEncoding(ReadOnlySpan<byte> b, bool isWholeFile, List<string> notes)
    {
        if (StartsWith(b, [0xEF, 0xBB, 0xBF]))
        {
            notes.Add("The file starts with a UTF-8 byte-order mark, so it was read as UTF-8.");
            return (TextFormat.Utf8, 3);
        }

        if (StartsWith(b, [0xFF, 0xFE]))
        {
            notes.Add("The file starts with a UTF-16 little-endian byte-order mark, so it was read as UTF-16LE.");
            return (TextFormat.Utf16LittleEndian, 2);
        }

        if (StartsWith(b, [0xFE, 0xFF]))
        {
            notes.Add("The file starts with a UTF-16 big-endian byte-order mark, so it was read as UTF-16BE.");
            return (TextFormat.Utf16BigEndian, 2);
        }

        if (Utf16Pattern(b) is { } utf16)
        {
            var order = utf16 == TextFormat.Utf16LittleEndian ? "little-endian" : "big-endian";
            notes.Add($"No byte-order mark, but the zero bytes fall in every other place as in UTF-16 text, so it was read as UTF-16 {order}.");
            return (utf16, 0);
        }

        var complete = isWholeFile ? b : b[..CompleteUtf8Length(b)];
        if (System.Text.Ascii.IsValid(complete))
        {
            notes.Add("No byte-order mark; the text is plain ASCII, read as UTF-8.");
            return (TextFormat.Utf8, 0);
        }

        if (Utf8.IsValid(complete))
        {
            notes.Add("No byte-order mark; the text is valid UTF-8, so it was read as UTF-8.");
            return (TextFormat.Utf8, 0);
        }

        notes.Add("No byte-order mark; the text is not valid UTF-8, so Windows-1252 (Western European) was assumed.");
        return (TextFormat.Windows1252, 0);
    }

    /// <summary>UTF-16 without a byte-order mark: ASCII characters (delimiters, digits, addresses) have a zero byte,
    /// on the odd positions for little-endian and on the even ones for big-endian.</summary>
    private static string? Utf16Pattern(ReadOnlySpan<byte> b)
    {
        var pairs = Math.Min(b.Length, 8192) / 2;
        if (pairs < 2)
        {
            return null;
        }

        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < pairs * 2; i += 2)
        {
            evenZeros += b[i] == 0 ? 1 : 0;
            oddZeros += b[i + 1] == 0 ? 1 : 0;
        }

        if (oddZeros * 5 >= pairs && evenZeros * 10 <= oddZeros)
        {
            return TextFormat.Utf16LittleEndian;
        }

        return evenZeros * 5 >= pairs && oddZeros * 10 <= evenZeros ? TextFormat.Utf16BigEndian : null;
    }

    /// <summary>The length without a UTF-8 sequence cut off by the end of the sample.</summary>
    private static int CompleteUtf8Length(ReadOnlySpan<byte> b)
    {
        for (var back = 1; back <= Math.Min(3, b.Length); back++)
        {
            var lead = b[^back];
            if ((lead & 0xC0) == 0x80)
            {
                continue; // a continuation byte: look further back for the lead byte
            }

            var needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            return needed > back ? b.Length - back : b.Length;
        }

        return b.Length;
    }

    private static string Decode(ReadOnlySpan<byte> body, string encoding)
    {
        if (encoding is TextFormat.Utf16LittleEndian or TextFormat.Utf16BigEndian)
        {
            body = body[..(body.Length & ~1)];
        }

        return TextEncodings.Get(encoding).GetString(body);
    }

    /// <summary>Many control characters (NUL, BEL, …) mean a binary file; a few stray NULs in a list are tolerated.</summary>
    private static bool LooksBinary(string text)
    {
        var controls = 0;
        foreach (var c in text)
        {
            if ((c < ' ' && c is not ('\t' or '\n' or '\r' or '\f')) || c is >= '\u007F' and <= '\u009F')
            {
                controls++;
            }
        }

        return controls >= 8 && controls * 20 > text.Length;
    }

    private static char DetectDelimiter(ref string text, bool isWholeFile, List<string> notes)
    {
        // Excel writes "sep=;" as a first line to name the separator.
        if (text.Length >= 5 && text.StartsWith("sep=", StringComparison.OrdinalIgnoreCase)
            && TextFormat.Delimiters.Contains(text[4]) && (text.Length == 5 || text[5] is '\r' or '\n'))
        {
            var named = text[4];
            notes.Add($"The first line “sep={named}” names the separator: {Name(named)}.");
            text = text[5..].TrimStart('\r', '\n');
            return named;
        }

        char? best = null;
        double bestConsistency = 0;
        int bestColumns = 0, bestMatching = 0, bestRows = 0;
        foreach (var candidate in TextFormat.Delimiters)
        {
            var rows = SampleSplitter.Split(text, candidate, SampleRecords, isWholeFile);
            if (rows.Count == 0)
            {
                continue;
            }

            // The most common field count (the larger on a tie) and how many rows have it.
            var (columns, matching) = rows.GroupBy(r => r.Length)
                .Select(g => (Columns: g.Key, Matching: g.Count()))
                .OrderByDescending(g => g.Matching).ThenByDescending(g => g.Columns).First();
            if (columns < 2)
            {
                continue;
            }

            // Consistency first; among nearly as consistent candidates, the one that makes more columns.
            var consistency = matching / (double)rows.Count;
            var better = best is null
                || consistency > bestConsistency + 0.1
                || (consistency > bestConsistency - 0.1 && columns > bestColumns);
            if (better)
            {
                (best, bestConsistency, bestColumns, bestMatching, bestRows) = (candidate, consistency, columns, matching, rows.Count);
            }
        }

        if (best is not { } delimiter)
        {
            notes.Add("Only one column was found, so a comma was assumed as the separator.");
            return ',';
        }

        notes.Add($"Columns are separated by {Name(delimiter)}s: {bestColumns} columns in {bestMatching} of {bestRows} sample rows.");
        return delimiter;
    }

    private static bool StartsWith(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> prefix) => bytes.StartsWith(prefix);

    private static string Name(char delimiter) => delimiter switch
    {
        ',' => "comma",
        ';' => "semicolon",
        '\t' => "tab",
        '|' => "vertical bar",
        _ => $"“{delimiter}”",
    };
}
