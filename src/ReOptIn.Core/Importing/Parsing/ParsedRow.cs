namespace ReOptIn.Core.Importing.Parsing;

/// <summary>One data row: its 1-based line number in the file (of its first line) and its fields.</summary>
public readonly record struct ParsedRow(long Number, string[] Fields);
