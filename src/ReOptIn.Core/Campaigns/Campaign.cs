using ReOptIn.Core.Contacts;

namespace ReOptIn.Core.Campaigns;

/// <summary>One re-permission campaign: the request, the lists it goes to, and its deadline.</summary>
public sealed class Campaign
{
    public Campaign(string name, DateTime createdAt)
    {
        Name = name;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }

    public string Name { get; set; }

    /// <summary>What the company will send and how often; told to every contact.</summary>
    public string? Purpose { get; set; }

    public CampaignStatus Status { get; private set; } = CampaignStatus.Draft;

    public DateTime CreatedAt { get; private set; }

    public string? CreatedByUserId { get; set; }

    public DateTime? ApprovedAt { get; private set; }

    public string? ApprovedByUserId { get; private set; }

    public DateTime? LaunchedAt { get; private set; }

    public DateTime? Deadline { get; set; }

    public DateTime? ClosedAt { get; private set; }

    public List<ContactList> Lists { get; } = [];

    public void MoveTo(CampaignStatus next, DateTime at, string? byUserId = null)
    {
        if (!StateTransitions.CanMove(Status, next))
            throw new InvalidStateTransitionException($"A campaign cannot go from {Status} to {next}.");
        switch (next)
        {
            case CampaignStatus.Approved:
                ApprovedAt = at;
                ApprovedByUserId = byUserId;
                break;
            case CampaignStatus.Draft:
                ApprovedAt = null;
                ApprovedByUserId = null;
                break;
            case CampaignStatus.Sending:
                LaunchedAt ??= at;
                break;
            case CampaignStatus.Closed:
                ClosedAt = at;
                break;
        }
        Status = next;
    }
}
