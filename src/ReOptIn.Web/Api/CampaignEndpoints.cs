using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Composing;
using ReOptIn.Core.Composing.Linting;
using ReOptIn.Core.Composing.Rendering;
using ReOptIn.Core.Data;
using ReOptIn.Core.Security;
using ReOptIn.Core.Sending;
using ReOptIn.Web.Accounts;
using ReOptIn.Web.Auditing;
using ReOptIn.Web.Campaigns;
using ReOptIn.Web.Senders;

namespace ReOptIn.Web.Api;

/// <summary>Writing, checking, previewing and approving the request. Sending it is Dispatch's.</summary>
public static class CampaignEndpoints
{
    public sealed record LintRequest(string? Subject, string? BodyMarkdown, string? Language);

    public sealed record LintResponse(IReadOnlyList<FindingView> Findings);

    public sealed record IncentiveInput(string? Description, string? Code);

    public sealed record CampaignRequest(string? Name, int? SenderId, IReadOnlyList<int>? ListIds, string? Purpose, string? Provenance, string? Subject,
        string? BodyMarkdown, string? ConsentStatement, string? Language, bool? AskName, IReadOnlyList<string>? InterestOptions, IncentiveInput? Incentive,
        DateTime? Deadline)
    {
        public CampaignChanges ToChanges() => new()
        {
            Name = Name, SenderId = SenderId, ListIds = ListIds ?? [], Purpose = Purpose, Provenance = Provenance, Subject = Subject,
            BodyMarkdown = BodyMarkdown, ConsentStatement = ConsentStatement, Language = Language ?? "en", AskName = AskName ?? false,
            InterestOptions = InterestOptions is null ? null : string.Join('\n', InterestOptions.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim())),
            IncentiveDescription = Incentive?.Description, IncentiveCode = Incentive?.Code,
            Deadline = Deadline is { } d ? DateTime.SpecifyKind(d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d, DateTimeKind.Utc) : null,
        };
    }

    public sealed record PreviewRequest(long? ContactId);

    public sealed record PreviewResponse(string Subject, string Html, string Text, long? ContactId);

    public sealed record TestSendRequest(string? To, long? ContactId);

    public sealed record TestSendResponse(string To, string MessageId);

    public sealed record ApproveRequest(bool AcknowledgeWarnings);

    public static RouteGroupBuilder MapCampaigns(this RouteGroupBuilder api)
    {
        api.MapPost("/lint", Lint).WithName("Lint").WithSummary("Checks a subject and Markdown body against the rules of a re-permission request.");
        api.MapGet("/campaigns", ListAsync).WithName("ListCampaigns");
        api.MapGet("/campaigns/{id:int}", GetAsync).WithName("GetCampaign");
        api.MapPost("/campaigns", CreateAsync).WithName("CreateCampaign").WithSummary("Creates a draft; the answer carries the lint findings.");
        api.MapPut("/campaigns/{id:int}", UpdateAsync).WithName("UpdateCampaign").WithSummary("Replaces a draft; changing approved content withdraws the approval.");
        api.MapPost("/campaigns/{id:int}/preview", PreviewAsync).WithName("PreviewCampaign").WithSummary("Renders the request for a contact of its lists (the first one by default).");
        api.MapPost("/campaigns/{id:int}/test-send", TestSendAsync).WithName("TestSendCampaign").WithSummary("Sends the rendered request, marked [Test], to one address through the campaign's sender.");
        api.MapPost("/campaigns/{id:int}/submit", SubmitAsync).WithName("SubmitCampaign").WithSummary("Asks an admin for approval; refused while there is an error.");
        api.MapPost("/campaigns/{id:int}/return-to-draft", ReturnToDraftAsync).WithName("ReturnCampaignToDraft");
        api.MapPost("/campaigns/{id:int}/launch", LaunchAsync).WithName("LaunchCampaign").RequireAuthorization(Policies.ApiAdmin)
            .WithSummary("Creates one request per eligible contact and starts sending; skips already-asked, suppressed and excluded contacts.");
        api.MapPost("/campaigns/{id:int}/pause", PauseAsync).WithName("PauseCampaign").RequireAuthorization(Policies.ApiAdmin);
        api.MapPost("/campaigns/{id:int}/resume", ResumeAsync).WithName("ResumeCampaign").RequireAuthorization(Policies.ApiAdmin);
        api.MapPost("/campaigns/{id:int}/approve", ApproveAsync).WithName("ApproveCampaign").RequireAuthorization(Policies.ApiAdmin)
            .WithSummary("Approves the exact content (its hash is recorded); warnings must be acknowledged.");
        return api;
    }

    private static IResult Lint(LintRequest request)
    {
        if (request.Language is not null && !CampaignChanges.Languages.Contains(request.Language))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["language"] = ["The language is \"en\" or \"fr\"."] });
        var content = new RequestContent(request.Subject ?? "", request.BodyMarkdown ?? "", request.Language ?? "en");
        return Results.Ok(new LintResponse(FindingView.Of(RequestLinter.Lint(content))));
    }

    private static async Task<IResult> ListAsync(ReOptInDb db, CancellationToken ct) =>
        Results.Ok(await db.Campaigns.AsNoTracking().OrderByDescending(c => c.CreatedAt)
            .Select(c => new { c.Id, c.Name, Status = c.Status.ToString(), c.CreatedAt, c.UpdatedAt, c.ApprovedAt })
            .ToListAsync(ct));

    private static async Task<IResult> GetAsync(int id, CampaignDrafts drafts, ReOptInDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await drafts.LoadAsync(id, ct) is not { } c) return Results.NotFound();
        var progress = c.LaunchedAt is null ? null : await CampaignProgress.OfAsync(db, c, clock.GetUtcNow().UtcDateTime, ct);
        return Results.Ok(CampaignView.Of(c, await drafts.FindingsAsync(c, ct), progress));
    }

    private static async Task<IResult> LaunchAsync(int id, CampaignDrafts drafts, CampaignDispatch dispatch, CancellationToken ct) =>
        await drafts.LoadAsync(id, ct) is { } c ? Answer(await dispatch.LaunchAsync(c, ct)) : Results.NotFound();

    private static async Task<IResult> PauseAsync(int id, CampaignDrafts drafts, CampaignDispatch dispatch, CancellationToken ct) =>
        await drafts.LoadAsync(id, ct) is { } c ? Answer(await dispatch.PauseAsync(c, ct)) : Results.NotFound();

    private static async Task<IResult> ResumeAsync(int id, CampaignDrafts drafts, CampaignDispatch dispatch, CancellationToken ct) =>
        await drafts.LoadAsync(id, ct) is { } c ? Answer(await dispatch.ResumeAsync(c, ct)) : Results.NotFound();

    private static async Task<IResult> CreateAsync(CampaignRequest request, CampaignDrafts drafts, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await drafts.SaveAsync(null, request.ToChanges(), user, ct);
        return outcome.Errors is { } errors
            ? Results.ValidationProblem(errors)
            : Results.Created($"/api/v1/campaigns/{outcome.Campaign!.Id}", CampaignView.Of(outcome.Campaign, outcome.Findings));
    }

    private static async Task<IResult> UpdateAsync(int id, CampaignRequest request, CampaignDrafts drafts, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await drafts.LoadAsync(id, ct) is not { } campaign) return Results.NotFound();
        var outcome = await drafts.SaveAsync(campaign, request.ToChanges(), user, ct);
        return outcome.Errors is { } errors ? Results.ValidationProblem(errors) : Results.Ok(CampaignView.Of(campaign, outcome.Findings));
    }

    private static async Task<IResult> PreviewAsync(int id, PreviewRequest? request, CampaignDrafts drafts, CampaignPreview preview, CancellationToken ct)
    {
        if (await drafts.LoadAsync(id, ct) is not { } campaign) return Results.NotFound();
        if (await preview.ContactAsync(campaign, request?.ContactId, ct) is not { } contact)
            return Problem("unknown-contact", "This contact is not in the campaign's lists.", StatusCodes.Status404NotFound);
        try
        {
            var rendered = preview.Render(campaign, contact);
            return Results.Ok(new PreviewResponse(rendered.Subject, rendered.Html, rendered.Text, contact.Id));
        }
        catch (TemplateProblemException e)
        {
            return Problem("template", e.Message);
        }
    }

    private static async Task<IResult> TestSendAsync(int id, TestSendRequest request, CampaignDrafts drafts, CampaignPreview preview,
        AuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        if (await drafts.LoadAsync(id, ct) is not { } campaign) return Results.NotFound();
        if (!SenderChanges.IsAddress(request.To))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["Enter the one address the test goes to."] });
        if (campaign.Sender is null) return Problem("no-sender", "Choose a sender profile first: the test goes through its relay.");
        if (await preview.ContactAsync(campaign, request.ContactId, ct) is not { } contact)
            return Problem("unknown-contact", "This contact is not in the campaign's lists.", StatusCodes.Status404NotFound);
        var to = request.To!.Trim();
        try
        {
            var messageId = await preview.TestSendAsync(campaign, contact, to, clock, ct);
            await audit.RecordNowAsync(AuditActions.CampaignTestSent, campaign.Name, $"to {EmailMask.Mask(to)}", ct: ct);
            return Results.Ok(new TestSendResponse(to, messageId));
        }
        catch (TemplateProblemException e)
        {
            return Problem("template", e.Message);
        }
        catch (RelayException e)
        {
            return Problem("relay-" + e.Problem.ToString().ToLowerInvariant(), e.Message, StatusCodes.Status502BadGateway);
        }
    }

    private static async Task<IResult> SubmitAsync(int id, CampaignDrafts drafts, ClaimsPrincipal user, CancellationToken ct) =>
        await drafts.LoadAsync(id, ct) is { } c ? Answer(await drafts.SubmitAsync(c, user, ct)) : Results.NotFound();

    private static async Task<IResult> ReturnToDraftAsync(int id, CampaignDrafts drafts, CancellationToken ct) =>
        await drafts.LoadAsync(id, ct) is { } c ? Answer(await drafts.ReturnToDraftAsync(c, ct)) : Results.NotFound();

    private static async Task<IResult> ApproveAsync(int id, ApproveRequest? request, CampaignDrafts drafts, ClaimsPrincipal user, CancellationToken ct) =>
        await drafts.LoadAsync(id, ct) is { } c ? Answer(await drafts.ApproveAsync(c, request?.AcknowledgeWarnings ?? false, user, ct)) : Results.NotFound();

    private static IResult Answer(CampaignOutcome outcome) => outcome.Ok
        ? Results.Ok(CampaignView.Of(outcome.Campaign!, outcome.Findings))
        : ApiProblem.Of(outcome.ProblemCode!, "The campaign cannot move on.", outcome.Problem!, StatusCodes.Status409Conflict, FindingView.Of(outcome.Findings));

    private static IResult Problem(string code, string message, int status = StatusCodes.Status422UnprocessableEntity) =>
        ApiProblem.Of(code, "The campaign cannot be rendered or sent.", message, status);
}
