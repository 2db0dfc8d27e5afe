using CsvHelper;

namespace ReOptIn.Core.Importing.Parsing;

/// <summary>
/// Reads the rows of a delimited text file in a known <see cref="TextFormat"/>, forward only, one row at a time.
/// </summary>
/// <remarks>
/// Built on CsvHelper 34 rather than a parser of our own: it reads well over a million rows a second here, and its
/// options give all this reader needs: line numbers that count every line (<c>TrackLineNumbers</c>), a cap on the
/// size of a record that stops an unclosed quote from buffering the rest of the file (<c>MaxRecordSize</c>), and a
/// report of a quote still open at the end of the input (<c>OnMalformedRecord</c>), while stray quotes inside a
/// field are kept as text. On top of it this class skips blank rows, strips NUL characters and speaks the
/// <see cref="ImportFileException"/> language. The reader owns the stream and disposes it.
/// </remarks>
public sealed class DelimitedReader : IDisposable
{
    private readonly Stream _source;
    private readonly CountingStream _input;
    private readonly CsvReader _csv;
    private readonly TextFormat _format;
    private readonly int _maxFieldLength;
    private bool _headerRead;
    private string[]? _header;

    public DelimitedReader(Stream stream, TextFormat format, int maxFieldLength = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFieldLength, 1);
        _format = format;
        _maxFieldLength = maxFieldLength;
        _source = stream;
        _input = new CountingStream(stream);
        _csv = CsvReader.Create(_input, CsvReaderOptions.Default with
        {
            Separator = format.Delimiter,
            HasHeader = false, // the header is the first non-blank row, read below like any other
            Encoding = TextEncodings.Get(format.Encoding),
            TrackLineNumbers = true,
            MaxRecordSize = maxFieldLength, // in bytes of UTF-8; each field is also checked in characters below
            MalformedData = CsvMalformedDataHandling.Recover,
            OnMalformedRecord = OnMalformed,
            IncludeValuesInExceptions = false, // cells are personal data: keep them out of logs
        }, leaveOpen: false);
    }

    /// <summary>The column names when the format has a header row (read on first use), otherwise null.</summary>
    public string[]? Header
    {
        get
        {
            if (!_headerRead)
            {
                _headerRead = true;
                if (_format.HasHeader && Next() is { } first)
                {
                    _header = first.Fields;
                }
            }

            return _header;
        }
    }

    /// <summary>
    /// How many bytes of the upload have been read so far, for a progress bar against the upload's size: of the
    /// packed file for a .gz or .zip, of the text otherwise.
    /// </summary>
    public long BytesConsumed => _source is IUploadProgress packed ? packed.UploadBytesRead : _input.BytesRead;

    /// <summary>The data rows, after the header when there is one. Blank rows are skipped.</summary>
    /// <exception cref="ImportFileException"><c>line-too-long</c> or <c>unbalanced-quote</c>, and the archive errors
    /// of <see cref="ImportFileOpener"/> (a bomb or damage found while unpacking).</exception>
    public IEnumerable<ParsedRow> ReadRows()
    {
        _ = Header;
        while (Next() is { } row)
        {
            yield return row;
        }
    }

    private ParsedRow? Next()
    {
        while (Read())
        {
            var fields = _csv.Current.ToArray();
            long length = 0;
            var blank = true;
            for (var i = 0; i < fields.Length; i++)
            {
                var field = fields[i];
                if (field.Contains('\0', StringComparison.Ordinal))
                {
                    fields[i] = field = field.Replace("\0", "", StringComparison.Ordinal);
                }

                length += field.Length;
                blank = blank && string.IsNullOrWhiteSpace(field);
            }

            // MaxRecordSize is only checked when CsvHelper needs more input, so a record a little longer can get
            // through from its buffer: count again.
            if (length > _maxFieldLength)
            {
                throw ImportFileErrors.TooLong(_csv.LineNumber, _maxFieldLength);
            }

            if (!blank)
            {
                return new ParsedRow(_csv.LineNumber, fields);
            }
        }

        return null;
    }

    private bool Read()
    {
        try
        {
            return _csv.Read();
        }
        catch (CsvFormatException e)
        {
            // With MalformedData = Recover and ragged rows allowed, the one format error left is a record over
            // MaxRecordSize: a very long line, or a quote that was never closed.
            throw ImportFileErrors.TooLong(e.LineNumber > 0 ? e.LineNumber : _csv.LineNumber, _maxFieldLength);
        }
    }

    private void OnMalformed(CsvMalformedRecord record)
    {
        if (record.Reason == CsvMalformedReason.UnterminatedQuote)
        {
            throw ImportFileErrors.OpenQuote(record.LineNumber + LinesBeforeOpenQuote(record.RawRecord, _format.Delimiter));
        }
    }

    /// <summary>The record starts at a known line, but the quote that stays open may come after quoted line breaks.</summary>
    internal static int LinesBeforeOpenQuote(string raw, char delimiter)
    {
        var open = -1;
        var inQuotes = false;
        var fieldStart = true;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < raw.Length && raw[i + 1] == '"')
                    {
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
            }
            else if (c == '"' && fieldStart)
            {
                (inQuotes, open, fieldStart) = (true, i, false);
            }
            else
            {
                fieldStart = c == delimiter;
            }
        }

        if (!inQuotes)
        {
            return 0;
        }

        var lines = 0;
        for (var i = 0; i < open; i++)
        {
            if (raw[i] == '\n' || (raw[i] == '\r' && (i + 1 >= raw.Length || raw[i + 1] != '\n')))
            {
                lines++;
            }
        }

        return lines;
    }

    public void Dispose() => _csv.Dispose();
}
