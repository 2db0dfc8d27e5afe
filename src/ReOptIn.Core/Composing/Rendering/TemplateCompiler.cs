using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Ast;
using Fluid.Parser;

namespace ReOptIn.Core.Composing.Rendering;

/// <summary>
/// Parses a subject or body, checks it uses only known placeholders and standard filters and no
/// tags, and caches the result by text. Thread-safe.
/// </summary>
internal sealed partial class TemplateCompiler
{
    // Previews send a new text on every keystroke: bound the cache rather than grow forever.
    private const int MaxCachedTemplates = 512;

    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<(string Text, bool IsBody), IFluidTemplate> _cache = new();

    public static TemplateOptions Options { get; } = new()
    {
        StrictVariables = true,
        StrictFilters = true,
        CultureInfo = System.Globalization.CultureInfo.InvariantCulture,
        TimeZone = TimeZoneInfo.Utc,
    };

    /// <summary>The body: every output's value is Markdown-escaped, except a bare URL placeholder.</summary>
    public IFluidTemplate Body(string text) => Get(text, isBody: true);

    /// <summary>The subject: outputs are left as they are; the caller flattens the result.</summary>
    public IFluidTemplate Subject(string text) => Get(text, isBody: false);

    private IFluidTemplate Get(string text, bool isBody)
    {
        if (_cache.TryGetValue((text, isBody), out var cached))
            return cached;
        var template = Compile(text, isBody);
        if (_cache.Count >= MaxCachedTemplates)
            _cache.Clear();
        _cache.TryAdd((text, isBody), template);
        return template;
    }

    private static FluidTemplate Compile(string text, bool isBody)
    {
        var where = isBody ? "body" : "subject";
        if (text.Contains("{%", StringComparison.Ordinal))
            throw TagProblem(where);
        if (!Parser.TryParse(text, out var parsed, out var error))
            throw new TemplateProblemException($"The {where} has a placeholder syntax error: {Describe(error)}.");
        if (parsed is not FluidTemplate template)
            throw new InvalidOperationException($"Unexpected template type {parsed.GetType().Name}.");

        var statements = new List<Statement>(template.Statements.Count);
        foreach (var statement in template.Statements)
        {
            switch (statement)
            {
                case TextSpanStatement:
                    statements.Add(statement);
                    break;
                case OutputStatement output:
                    Check(output.Expression, where);
                    statements.Add(isBody && !IsUrlPlaceholder(output.Expression)
                        ? new OutputStatement(new MarkdownEscapedExpression(output.Expression))
                        : output);
                    break;
                default:
                    throw TagProblem(where);
            }
        }
        return new FluidTemplate(statements);
    }

    private static void Check(Expression expression, string where)
    {
        switch (expression)
        {
            case LiteralExpression:
                return;
            case MemberExpression member:
                var name = NameOf(member);
                if (!Placeholders.Known.Contains(name))
                    throw new TemplateProblemException(
                        $"The {where} uses an unknown placeholder {{{{ {name} }}}}. The placeholders are: {string.Join(", ", Placeholders.Known.Order(StringComparer.Ordinal))}.");
                return;
            case FilterExpression filter:
                if (!Options.Filters.TryGetValue(filter.Name, out _))
                    throw new TemplateProblemException($"The {where} uses an unknown filter \"{filter.Name}\".");
                Check(filter.Input, where);
                foreach (var argument in filter.Parameters)
                    Check(argument.Expression, where);
                return;
            default:
                throw new TemplateProblemException(
                    $"The {where} has an expression in {{{{ }}}} that is neither a placeholder nor a filter; only placeholders such as {{{{ {Placeholders.ContactFirstName} }}}} are allowed.");
        }
    }

    // Only a bare {{ confirm_url }} goes in raw: through a filter (say default: contact.first_name)
    // a contact's value could arrive in its place.
    private static bool IsUrlPlaceholder(Expression expression) =>
        expression is MemberExpression member && NameOf(member) is Placeholders.ConfirmUrl or Placeholders.DeclineUrl;

    private static string NameOf(MemberExpression member) =>
        string.Join('.', member.Segments.Select(s => s is IdentifierSegment id ? id.Identifier : "[…]"));

    private static TemplateProblemException TagProblem(string where) => new(
        $"The {where} uses a Liquid tag ({{% … %}}). Only placeholders such as {{{{ {Placeholders.ContactFirstName} }}}} are allowed, with filters if needed.");

    // Fluid says "… at (1:22)\nSource:\n…": keep the first line, with the position in words.
    private static string Describe(string error) =>
        Position().Replace(error.Split('\n')[0].Trim().TrimEnd('.'), "at line $1, column $2");

    [GeneratedRegex(@"at \((\d+):(\d+)\)")]
    private static partial Regex Position();
}
