namespace ReOptIn.Core.Composing.Linting;

/// <summary>An error blocks approval of the campaign; a warning is shown but does not block.</summary>
public enum LintSeverity
{
    Warning,
    Error,
}
