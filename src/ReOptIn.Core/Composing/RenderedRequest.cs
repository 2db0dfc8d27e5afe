namespace ReOptIn.Core.Composing;

/// <summary>One request as a contact receives it: a one-line subject, sanitised HTML and its plain-text twin.</summary>
public sealed record RenderedRequest(string Subject, string Html, string Text);
