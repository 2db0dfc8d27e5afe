namespace ReOptIn.Core.Composing.Linting;

/// <summary>One problem in a request.</summary>
/// <param name="Rule">The rule's id, such as "RP001" (see <see cref="LintRules"/>).</param>
/// <param name="Message">What is wrong and how to fix it, in English.</param>
/// <param name="Excerpt">The offending text (at most 80 characters), or null when something is missing.</param>
public sealed record LintFinding(string Rule, LintSeverity Severity, string Message, string? Excerpt);
