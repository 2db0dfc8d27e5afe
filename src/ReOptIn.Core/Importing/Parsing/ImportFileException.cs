namespace ReOptIn.Core.Importing.Parsing;

/// <summary>A file that cannot be imported, with a code for programs and a message for a marketer.</summary>
public sealed class ImportFileException(string code, string message) : Exception(message)
{
    /// <summary>A stable kebab-case code, e.g. <c>binary-file</c>, <c>too-large</c>, <c>zip-bomb</c>.</summary>
    public string Code { get; } = code;
}
