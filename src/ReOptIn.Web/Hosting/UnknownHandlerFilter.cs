using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ReOptIn.Web.Hosting;

/// <summary>
/// A POST (or PUT, DELETE…) that names no handler the page has, such as <c>POST /Lists/1</c>, would be
/// rendered by Razor Pages without running any handler: the page's model is never loaded and the view
/// fails with a 500. Such a request is answered 405 instead. Found by the route drill (tests/…/Proof).
/// </summary>
public sealed class UnknownHandlerFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var method = context.HttpContext.Request.Method;
        if (context.HandlerMethod is null && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
            return;
        }
        await next();
    }
}
