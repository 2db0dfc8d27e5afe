using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace ReOptIn.Core.Composing.Rendering;

/// <summary>
/// Wraps a body output so its final value (after any filters) is escaped for Markdown: a filter
/// cannot undo the escaping, as it could if the raw values were escaped up front.
/// </summary>
internal sealed class MarkdownEscapedExpression(Expression inner) : Expression
{
    public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
    {
        var value = await inner.EvaluateAsync(context);
        return new StringValue(MarkdownText.Escape(value.ToStringValue()), encode: false);
    }
}
