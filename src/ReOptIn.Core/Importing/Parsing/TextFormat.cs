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
}
