namespace ReOptIn.Core.Sending;

/// <summary>The outcome of a relay check: what worked (<paramref name="Steps"/>) and, in plain words, how it ended.</summary>
public sealed record RelayTestResult(bool Ok, RelayProblem? Problem, string Message, IReadOnlyList<string> Steps);
