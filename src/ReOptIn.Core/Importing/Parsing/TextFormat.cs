namespace ReOptIn.Core.Importing.Parsing;

/// <summary>How to read a delimited text file: detected, shown to the user, and overridable.</summary>
public sealed record TextFormat(string Encoding, char Delimiter, bool HasHeader)
{
    public const string Utf8 = "utf-8";
    public const string Utf16LittleEndian = "utf-16le";
    public const string Utf16BigEndian = "utf-16be";
    public const string Windows1252 = "windows-1252";

    public static readonly IReadOnlyList<string> Encodings = [Utf8, Utf16LittleEndian, Utf16BigEndian, Windows1252];

    public static readonly IReadOnlyList<char> Delimiters = [',', ';', '\t', '|'];

    /// <summary>The name the review page and the API use for a delimiter.</summary>
    public static string DelimiterName(char delimiter) => delimiter switch
    {
        ';' => "semicolon",
        '\t' => "tab",
        '|' => "pipe",
        _ => "comma",
    };

    /// <summary>A delimiter given by name (comma, semicolon, tab, pipe) or as the character itself.</summary>
    public static bool TryParseDelimiter(string value, out char delimiter)
    {
        delimiter = value switch
        {
            "," or "comma" => ',',
            ";" or "semicolon" => ';',
            "\t" or "\\t" or "tab" => '\t',
            "|" or "pipe" => '|',
            _ => '\0',
        };
        return delimiter != '\0';
    }
}
