using System.Collections.Frozen;

namespace ReOptIn.Core.Campaigns;

/// <summary>
/// The one place that says which state may follow which, for campaigns and for requests.
/// Nothing ever returns to <see cref="RequestState.Queued"/>, and only a queued or deferred request
/// (one the relay never accepted) may be <see cref="RequestState.Sending"/>: that is what makes a
/// second send impossible.
/// </summary>
public static class StateTransitions
{
    private static readonly FrozenDictionary<RequestState, RequestState[]> RequestMoves = new Dictionary<RequestState, RequestState[]>
    {
        [RequestState.Queued] = [RequestState.Sending, RequestState.Expired],
        [RequestState.Sending] = [RequestState.Sent, RequestState.Deferred, RequestState.Failed, RequestState.InDoubt],
        // Only a refusal before hand-over defers a request, so claiming it again cannot send it twice.
        [RequestState.Deferred] = [RequestState.Sending, RequestState.Failed, RequestState.Expired],
        [RequestState.Sent] = [RequestState.Visited, RequestState.Confirmed, RequestState.Declined, RequestState.Bounced, RequestState.Complained, RequestState.Expired],
        [RequestState.Visited] = [RequestState.Confirmed, RequestState.Declined, RequestState.Bounced, RequestState.Complained, RequestState.Expired],
        // A confirmed person may still use the one-click unsubscribe or report spam: both are honoured.
        [RequestState.Confirmed] = [RequestState.HandedOff, RequestState.Declined, RequestState.Complained],
        [RequestState.HandedOff] = [RequestState.Declined, RequestState.Complained],
        [RequestState.Declined] = [RequestState.Complained],
        [RequestState.Bounced] = [RequestState.Complained],
        [RequestState.Complained] = [],
        [RequestState.Failed] = [],
        // Evidence that an in-doubt message did go out (a visit, a bounce) settles the doubt; it is still never re-sent.
        [RequestState.InDoubt] = [RequestState.Visited, RequestState.Confirmed, RequestState.Declined, RequestState.Bounced, RequestState.Complained, RequestState.Expired],
        [RequestState.Expired] = [],
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<CampaignStatus, CampaignStatus[]> CampaignMoves = new Dictionary<CampaignStatus, CampaignStatus[]>
    {
        [CampaignStatus.Draft] = [CampaignStatus.Submitted],
        [CampaignStatus.Submitted] = [CampaignStatus.Draft, CampaignStatus.Approved],
        // Editing an approved campaign sends it back to draft: approval covers the exact content.
        [CampaignStatus.Approved] = [CampaignStatus.Draft, CampaignStatus.Sending],
        [CampaignStatus.Sending] = [CampaignStatus.Paused, CampaignStatus.Sent, CampaignStatus.Closed],
        [CampaignStatus.Paused] = [CampaignStatus.Sending, CampaignStatus.Closed],
        [CampaignStatus.Sent] = [CampaignStatus.Closed],
        [CampaignStatus.Closed] = [],
    }.ToFrozenDictionary();

    public static bool CanMove(RequestState from, RequestState to) => RequestMoves[from].Contains(to);

    public static bool CanMove(CampaignStatus from, CampaignStatus to) => CampaignMoves[from].Contains(to);

    public static IReadOnlyList<RequestState> NextStates(RequestState from) => RequestMoves[from];

    public static IReadOnlyList<CampaignStatus> NextStates(CampaignStatus from) => CampaignMoves[from];

    /// <summary>States that keep the contact after the campaign closes.</summary>
    public static bool IsConsent(RequestState state) => state is RequestState.Confirmed or RequestState.HandedOff;

    /// <summary>States whose address goes on the suppression list.</summary>
    public static bool Suppresses(RequestState state) => state is RequestState.Declined or RequestState.Bounced or RequestState.Complained;
}

public sealed class InvalidStateTransitionException(string message) : InvalidOperationException(message);
