namespace ReOptIn.Core.Importing.Parsing;

/// <summary>The detected format of a file and, in short sentences, why it was chosen (shown to the user).</summary>
public sealed record FormatDetection(TextFormat Format, IReadOnlyList<string> Notes);
