using ReOptIn.Core.Erasing;
using ReOptIn.Web.Accounts;
using ReOptIn.Web.Erasing;

namespace ReOptIn.Web.Api;

/// <summary>Closing a campaign early, its retention period, and the privacy tools (Admin keys only).</summary>
public static class ErasureEndpoints
{
    public sealed record CloseRequest(bool Confirm);

    public sealed record RetentionRequest(int? Days);

    public sealed record AddressRequest(string? Address, bool Confirm);

    public sealed record ErasureView(long Id, DateTime At, string Rule, int? CampaignId, int Contacts, int Requests, string? By, string? Note)
    {
        public static ErasureView Of(Erasure e) => new(e.Id, e.At, CampaignErasure.RuleName(e.Rule), e.CampaignId, e.Contacts, e.Requests, e.ByName, e.Note);
    }

    public static RouteGroupBuilder MapErasure(this RouteGroupBuilder api)
    {
        api.MapPost("/campaigns/{id:int}/close", CloseAsync).WithName("CloseCampaign").RequireAuthorization(Policies.ApiAdmin)
            .WithSummary("Closes a launched campaign before its deadline and erases everyone who did not confirm; needs {\"confirm\": true}.");
        api.MapPost("/campaigns/{id:int}/retention", RetentionAsync).WithName("SetRetention").RequireAuthorization(Policies.ApiAdmin)
            .WithSummary("Days after closing before confirmed contacts are erased too (once handed off or exported).");
        api.MapPost("/privacy/lookup", LookupAsync).WithName("PrivacyLookup").RequireAuthorization(Policies.ApiAdmin)
            .WithSummary("Everything stored about one address (found by its keyed hash), as JSON.");
        api.MapPost("/privacy/erase", EraseAsync).WithName("PrivacyErase").RequireAuthorization(Policies.ApiAdmin)
            .WithSummary("Erases one person on request; the hash stays as a suppression. Needs {\"confirm\": true}.");
        return api;
    }

    private static async Task<IResult> CloseAsync(int id, CloseRequest? request, CampaignClosing closing, CancellationToken ct)
    {
        var outcome = await closing.CloseEarlyAsync(id, request?.Confirm ?? false, ct);
        return outcome switch
        {
            { Ok: true } => Results.Ok(new { id, status = "Closed", erasure = ErasureView.Of(outcome.Erasure!) }),
            { ProblemCode: "not-found" } => Results.NotFound(),
            { ProblemCode: "not-confirmed" } => ApiProblem.Of("not-confirmed", "Closing needs a confirmation.", outcome.Problem!, StatusCodes.Status400BadRequest),
            _ => ApiProblem.Of(outcome.ProblemCode!, "The campaign cannot be closed.", outcome.Problem!, StatusCodes.Status409Conflict),
        };
    }

    private static async Task<IResult> RetentionAsync(int id, RetentionRequest? request, CampaignClosing closing, CancellationToken ct)
    {
        if (request?.Days is not { } days) return Results.ValidationProblem(new Dictionary<string, string[]> { ["days"] = ["Give the number of days."] });
        var outcome = await closing.SetRetentionAsync(id, days, ct);
        return outcome switch
        {
            { Ok: true } => Results.Ok(new { id, confirmedRetentionDays = days }),
            { ProblemCode: "not-found" } => Results.NotFound(),
            _ => Results.ValidationProblem(new Dictionary<string, string[]> { ["days"] = [outcome.Problem!] }),
        };
    }

    private static async Task<IResult> LookupAsync(AddressRequest? request, PrivacyTools privacy, CancellationToken ct) =>
        await privacy.FindAsync(request?.Address ?? "", export: true, ct) is { } person
            ? Results.Json(person, PrivacyTools.Json)
            : NotAnAddress();

    private static async Task<IResult> EraseAsync(AddressRequest? request, PrivacyTools privacy, CancellationToken ct)
    {
        if (request?.Confirm != true)
            return ApiProblem.Of("not-confirmed", "Erasing needs a confirmation.", "Erasing cannot be undone. Confirm that you want this (\"confirm\": true).", StatusCodes.Status400BadRequest);
        return await privacy.EraseAsync(request.Address ?? "", ct) is { } erasure ? Results.Ok(ErasureView.Of(erasure)) : NotAnAddress();
    }

    private static IResult NotAnAddress() =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["address"] = ["Enter one email address (name@example.com)."] });
}
