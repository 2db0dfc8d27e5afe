using ReOptIn.Core.Campaigns;

namespace ReOptIn.UnitTests.Campaigns;

public sealed class StateTransitionsTests
{
    public static TheoryData<RequestState, RequestState> Allowed => new()
    {
        { RequestState.Queued, RequestState.Sending },
        { RequestState.Sending, RequestState.Sent },
        { RequestState.Sending, RequestState.Failed },
        { RequestState.Sending, RequestState.InDoubt },
        { RequestState.Sending, RequestState.Deferred },   // 4xx before hand-over: nothing went out
        { RequestState.Deferred, RequestState.Sending },   // tried again after a backoff
        { RequestState.Deferred, RequestState.Failed },    // still refused after a day
        { RequestState.Sent, RequestState.Visited },
        { RequestState.Sent, RequestState.Declined },      // one-click unsubscribe without a visit
        { RequestState.Sent, RequestState.Bounced },
        { RequestState.Visited, RequestState.Confirmed },
        { RequestState.Visited, RequestState.Declined },
        { RequestState.Confirmed, RequestState.HandedOff },
        { RequestState.InDoubt, RequestState.Confirmed },  // the message did go out after all
        { RequestState.Sent, RequestState.Expired },
        { RequestState.Visited, RequestState.Expired },
    };

    public static TheoryData<RequestState, RequestState> Forbidden => new()
    {
        { RequestState.Queued, RequestState.Sent },        // must be claimed first
        { RequestState.Queued, RequestState.Confirmed },
        { RequestState.Sent, RequestState.Queued },
        { RequestState.InDoubt, RequestState.Sending },    // never re-sent
        { RequestState.Sent, RequestState.Deferred },      // accepted is accepted
        { RequestState.InDoubt, RequestState.Deferred },
        { RequestState.Deferred, RequestState.Sent },      // must be claimed again first
        { RequestState.Failed, RequestState.Sending },
        { RequestState.Confirmed, RequestState.Expired },  // consent is kept at the deadline
        { RequestState.Declined, RequestState.Confirmed }, // a no stays a no
        { RequestState.Bounced, RequestState.Sent },
        { RequestState.Expired, RequestState.Confirmed },  // erased people cannot come back
    };

    [Theory, MemberData(nameof(Allowed))]
    public void A_request_may_move(RequestState from, RequestState to) => Assert.True(StateTransitions.CanMove(from, to));

    [Theory, MemberData(nameof(Forbidden))]
    public void A_request_may_not_move(RequestState from, RequestState to) => Assert.False(StateTransitions.CanMove(from, to));

    [Fact]
    public void Nothing_ever_goes_back_to_queued_or_sending_except_a_request_the_relay_never_accepted()
    {
        foreach (var from in Enum.GetValues<RequestState>())
        {
            Assert.False(StateTransitions.CanMove(from, RequestState.Queued), $"{from} → Queued would allow a second send.");
            if (from is not (RequestState.Queued or RequestState.Deferred))
                Assert.False(StateTransitions.CanMove(from, RequestState.Sending), $"{from} → Sending would allow a second send.");
        }
    }

    [Fact]
    public void Only_sent_visited_or_in_doubt_requests_can_be_confirmed()
    {
        var sources = Enum.GetValues<RequestState>().Where(s => StateTransitions.CanMove(s, RequestState.Confirmed)).ToHashSet();
        Assert.Equal(new HashSet<RequestState> { RequestState.Sent, RequestState.Visited, RequestState.InDoubt }, sources);
    }

    [Fact]
    public void Every_state_has_a_rule()
    {
        foreach (var state in Enum.GetValues<RequestState>())
            _ = StateTransitions.NextStates(state);
        foreach (var status in Enum.GetValues<CampaignStatus>())
            _ = StateTransitions.NextStates(status);
    }

    [Fact]
    public void A_request_records_when_it_was_sent_and_confirmed_and_refuses_a_wrong_move()
    {
        var t0 = new DateTime(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc);
        var request = new PermissionRequest(1, 1, new byte[32], t0);
        request.MoveTo(RequestState.Sending, t0.AddMinutes(1));
        request.MoveTo(RequestState.Sent, t0.AddMinutes(2));
        request.MoveTo(RequestState.Visited, t0.AddDays(1));
        request.MoveTo(RequestState.Confirmed, t0.AddDays(1).AddMinutes(1));

        Assert.Equal((t0.AddMinutes(2), t0.AddDays(1).AddMinutes(1)), (request.SentAt, request.ConfirmedAt));
        Assert.Equal(RequestState.Confirmed, request.State);
        var error = Assert.Throws<InvalidStateTransitionException>(() => request.MoveTo(RequestState.Sending, t0.AddDays(2)));
        Assert.Contains("from Confirmed to Sending", error.Message, StringComparison.Ordinal);
        Assert.Equal(RequestState.Confirmed, request.State);
    }

    [Fact]
    public void A_campaign_goes_draft_submitted_approved_sending_paused_sent_closed()
    {
        var t = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        var campaign = new Campaign("Spring re-permission", t);
        Assert.Throws<InvalidStateTransitionException>(() => campaign.MoveTo(CampaignStatus.Sending, t));
        Assert.Throws<InvalidStateTransitionException>(() => campaign.Approve(t, "admin-1"));   // not submitted

        campaign.Submit(t.AddMinutes(30), "marketer-1");
        Assert.Throws<InvalidStateTransitionException>(() => campaign.MoveTo(CampaignStatus.Sending, t));
        campaign.Approve(t.AddHours(1), "admin-1");
        Assert.Equal(("admin-1", (DateTime?)t.AddHours(1)), (campaign.ApprovedByUserId, campaign.ApprovedAt));
        Assert.True(campaign.ApprovedContentIsIntact);

        campaign.Subject = "Changed";
        campaign.Edited(t.AddHours(2));   // an edit withdraws approval
        Assert.Equal(CampaignStatus.Draft, campaign.Status);
        Assert.Null(campaign.ApprovedAt);
        Assert.False(campaign.ApprovedContentIsIntact);

        campaign.Submit(t.AddHours(3), "marketer-1");
        Assert.Throws<InvalidStateTransitionException>(() => campaign.Launch(t.AddHours(3)));   // submitted, not approved
        campaign.Approve(t.AddHours(3), "admin-1");
        campaign.Launch(t.AddHours(4));
        campaign.MoveTo(CampaignStatus.Paused, t.AddHours(5));
        campaign.MoveTo(CampaignStatus.Sending, t.AddHours(6));
        campaign.MoveTo(CampaignStatus.Sent, t.AddHours(7));
        campaign.MoveTo(CampaignStatus.Closed, t.AddDays(30));

        Assert.Equal((t.AddHours(4), t.AddDays(30)), (campaign.LaunchedAt!.Value, campaign.ClosedAt!.Value));
        Assert.Empty(StateTransitions.NextStates(CampaignStatus.Closed));
        Assert.Throws<InvalidStateTransitionException>(() => campaign.Edited(t.AddDays(31)));
    }

    [Fact]
    public void Approval_no_longer_holds_when_the_content_changes_behind_its_back()
    {
        var t = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        var campaign = new Campaign("Spring", t) { Subject = "Do you still want our news?", BodyMarkdown = "Body" };
        campaign.SetConsentStatement("Yes, send me the newsletter.");
        campaign.Submit(t, "m");
        campaign.Approve(t, "a");
        Assert.True(campaign.ApprovedContentIsIntact);

        campaign.SetConsentStatement("Yes, send me anything.");   // e.g. a direct database edit
        Assert.Equal(2, campaign.ConsentVersion);
        Assert.False(campaign.ApprovedContentIsIntact);
        var refused = Assert.Throws<InvalidStateTransitionException>(() => campaign.Launch(t));
        Assert.Contains("changed after approval", refused.Message, StringComparison.Ordinal);
        Assert.Equal(CampaignStatus.Approved, campaign.Status);
    }
}
