using ReOptIn.Core.Data;

namespace ReOptIn.Web.Accounts;

/// <summary>On a fresh install every page leads to the one-time setup page.</summary>
public sealed class SetupGateMiddleware(RequestDelegate next)
{
    public const string SetupPath = "/Setup";

    public async Task InvokeAsync(HttpContext context, FirstRunState state, ReOptInDb db)
    {
        var path = context.Request.Path;
        var exempt = path.StartsWithSegments(SetupPath) || path.StartsWithSegments("/health") || path.StartsWithSegments("/Error")
            || AccountsSetup.IsApi(context.Request) || Confirming.PublicPaths.IsContactPage(path);
        if (!exempt && HttpMethods.IsGet(context.Request.Method) && await state.NeedsSetupAsync(db, context.RequestAborted))
        {
            context.Response.Redirect(SetupPath);
            return;
        }
        await next(context);
    }
}
