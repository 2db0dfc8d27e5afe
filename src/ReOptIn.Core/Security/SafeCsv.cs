namespace ReOptIn.Core.Security;

/// <summary>
/// Writes CSV that a spreadsheet opens as data: a cell that starts like a formula (= + - @, tab,
/// carriage return, or their full-width forms) gets a leading apostrophe (OWASP "CSV injection"),
/// and quoting follows RFC 4180.
/// </summary>
public static class SafeCsv
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];

    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (FormulaStarts.Contains(value[0])) value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n;") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    public static Task WriteRowAsync(TextWriter writer, params string?[] cells) =>
        writer.WriteAsync(string.Join(',', cells.Select(Cell)) + "\r\n");
}
