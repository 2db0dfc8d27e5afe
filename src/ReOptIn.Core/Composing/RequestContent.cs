namespace ReOptIn.Core.Composing;

/// <summary>What the marketer writes: the subject and the Markdown body, both with placeholders.</summary>
/// <param name="Language">"en" or "fr": the language of the email and of the form.</param>
public sealed record RequestContent(string Subject, string BodyMarkdown, string Language);
