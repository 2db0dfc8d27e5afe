using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Accounts;
using ReOptIn.Web.Accounts;

namespace ReOptIn.IntegrationTests.Support;

/// <summary>Every route the app maps, read from its endpoint data source, so new pages are covered without a list to keep.</summary>
public sealed partial record MappedRoute(string Pattern, string Url, bool IsPage, bool IsApi, bool AllowsAnonymous, bool AdminOnly, IReadOnlyList<string> Methods)
{
    /// <summary>For a Razor page, its path in the Pages folder ("/Campaigns/Details"), which names its PageModel.</summary>
    public string? PagePath { get; init; }

    public override string ToString() => Url;

    public static IReadOnlyList<MappedRoute> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(From)
            // One route per URL and method set: GET /api/v1/senders and its admin-only POST are two routes.
            .GroupBy(r => (r.Url, string.Join(",", r.Methods))).Select(g => g.First())
            .OrderBy(r => r.Url, StringComparer.Ordinal)
            .ToList();

    private static MappedRoute From(RouteEndpoint e)
    {
        var raw = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
        var url = Parameter().Replace(raw, m => m.Value.Contains(":int", StringComparison.Ordinal) || m.Value.Contains(":long", StringComparison.Ordinal) ? "1" : "sample");
        var authorize = e.Metadata.GetOrderedMetadata<IAuthorizeData>();
        var adminOnly = authorize.Any(a => a.Policy is Policies.Admin or Policies.ApiAdmin
            || (a.Roles?.Split(',').Select(r => r.Trim()).SequenceEqual([Roles.Admin]) ?? false));
        var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToList() ?? ["GET", "POST"];
        var page = e.Metadata.GetMetadata<PageActionDescriptor>();
        return new MappedRoute(raw, url, page is not null, raw.StartsWith("/api", StringComparison.Ordinal) || raw.StartsWith("/openapi", StringComparison.Ordinal),
            e.Metadata.GetMetadata<IAllowAnonymous>() is not null, adminOnly, methods) { PagePath = page?.ViewEnginePath };
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
