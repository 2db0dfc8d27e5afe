using System.Text;

namespace ReOptIn.Core.Importing.Parsing;

/// <summary>Maps the <see cref="TextFormat"/> encoding names to .NET encodings.</summary>
internal static class TextEncodings
{
    // Windows-1252 lives in the code pages provider, which must be registered once per process
    // (before the field below is set: field initialisers would run before a static constructor's body).
    static TextEncodings()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Windows1252 = Encoding.GetEncoding(1252);
    }

    /// <summary>UTF-8 that decodes invalid bytes to U+FFFD instead of throwing.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static Encoding Windows1252 { get; }

    public static Encoding Get(string name) => name switch
    {
        TextFormat.Utf8 => Utf8,
        TextFormat.Utf16LittleEndian => Encoding.Unicode,
        TextFormat.Utf16BigEndian => Encoding.BigEndianUnicode,
        TextFormat.Windows1252 => Windows1252,
        _ => throw new ArgumentException($"Unknown encoding '{name}'. Use one of: {string.Join(", ", TextFormat.Encodings)}.", nameof(name)),
    };
}
