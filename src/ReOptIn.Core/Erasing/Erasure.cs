namespace ReOptIn.Core.Erasing;

/// <summary>Why personal data was erased (see ADR-0011).</summary>
public enum ErasureRule
{
    /// <summary>The campaign's deadline passed: everyone who did not confirm.</summary>
    Deadline,

    /// <summary>An Admin closed the campaign before its deadline: the same erasure.</summary>
    EarlyClose,

    /// <summary>Confirmed contacts, the retention period after closing, once handed off or exported.</summary>
    Retention,

    /// <summary>The person asked (privacy tools).</summary>
    Request,
}

/// <summary>
/// The record of one erasure: when, by which rule, for which campaign, how much, and by whom. It
/// holds counts only, never who was erased (a request erasure names the address-hash prefix).
/// </summary>
public sealed class Erasure
{
    public Erasure(DateTime at, ErasureRule rule, int? campaignId, int contacts, int requests, string? byUserId, string? byName, string? note = null)
    {
        At = at;
        Rule = rule;
        CampaignId = campaignId;
        Contacts = contacts;
        Requests = requests;
        ByUserId = byUserId;
        ByName = byName;
        Note = note;
    }

    public long Id { get; private set; }

    public DateTime At { get; private set; }

    public ErasureRule Rule { get; private set; }

    public int? CampaignId { get; private set; }

    /// <summary>Contact rows deleted (address, names, custom attributes, list memberships).</summary>
    public int Contacts { get; private set; }

    /// <summary>Requests cut from their person, with their visits, receipts and bounces cleared.</summary>
    public int Requests { get; private set; }

    /// <summary>The Admin's user id; null for the background job.</summary>
    public string? ByUserId { get; private set; }

    /// <summary>The Admin's name, "api:{key}", or "system".</summary>
    public string? ByName { get; private set; }

    public string? Note { get; private set; }
}
