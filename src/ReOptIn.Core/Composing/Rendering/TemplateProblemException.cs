namespace ReOptIn.Core.Composing.Rendering;

/// <summary>
/// The subject or body cannot be rendered: an unknown placeholder or filter, a Liquid tag, or a
/// syntax error. The message is plain English, fit to show the marketer.
/// </summary>
public sealed class TemplateProblemException : Exception
{
    public TemplateProblemException()
        : base("The request's template has a problem.")
    {
    }

    public TemplateProblemException(string message)
        : base(message)
    {
    }

    public TemplateProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
