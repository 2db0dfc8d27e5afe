namespace ReOptIn.Core.Composing.Linting;

/// <summary>A rule as listed in the docs and the UI.</summary>
/// <param name="Title">One line saying what the rule requires.</param>
public sealed record LintRule(string Id, LintSeverity Severity, string Title);
