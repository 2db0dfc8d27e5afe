using System.Globalization;
using ReOptIn.Core.Composing.Rendering;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Sending;

namespace ReOptIn.Core.Campaigns;

/// <summary>One re-permission campaign: the request, the lists it goes to, and its deadline.</summary>
public sealed class Campaign
{
    /// <summary>Days from the first send to the deadline when no date is set.</summary>
    public const int DefaultDeadlineDays = 30;

    public Campaign(string name, DateTime createdAt)
    {
        Name = name;
        CreatedAt = UpdatedAt = createdAt;
    }

    public int Id { get; private set; }

    public string Name { get; set; }

    /// <summary>What the company will send and how often; told to every contact.</summary>
    public string? Purpose { get; set; }

    /// <summary>How the addresses were obtained, for contacts whose list or row says nothing more precise.</summary>
    public string? Provenance { get; set; }

    public int? SenderProfileId { get; set; }

    public SenderProfile? Sender { get; set; }

    public string Subject { get; set; } = "";

    /// <summary>Markdown with Liquid placeholders (<see cref="Composing.Placeholders"/>).</summary>
    public string BodyMarkdown { get; set; } = "";

    /// <summary>"en" or "fr": the email's and the form's language.</summary>
    public string Language { get; set; } = "en";

    /// <summary>The sentence the contact ticks on the form; every change makes a new version.</summary>
    public string ConsentStatement { get; private set; } = "";

    public int ConsentVersion { get; private set; }

    /// <summary>Ask for first and last name on the form.</summary>
    public bool AskName { get; set; }

    /// <summary>Interests offered as checkboxes on the form, one per line; none when empty.</summary>
    public string? InterestOptions { get; set; }

    public string? IncentiveDescription { get; set; }

    /// <summary>Shown only after confirmation.</summary>
    public string? IncentiveCode { get; set; }

    public CampaignStatus Status { get; private set; } = CampaignStatus.Draft;

    public DateTime UpdatedAt { get; private set; }

    public DateTime? SubmittedAt { get; private set; }

    public string? SubmittedByUserId { get; private set; }

    /// <summary>The <see cref="ContentFingerprint"/> the admin approved; sending checks it again.</summary>
    public string? ApprovedContentHash { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public string? CreatedByUserId { get; set; }

    public DateTime? ApprovedAt { get; private set; }

    public string? ApprovedByUserId { get; private set; }

    public DateTime? LaunchedAt { get; private set; }

    public DateTime? Deadline { get; set; }

    public DateTime? ClosedAt { get; private set; }

    /// <summary>
    /// When the confirmed contacts were last exported (CSV). With a hand-off to every destination
    /// (<see cref="RequestState.HandedOff"/>), this is what lets the retention rule erase them.
    /// </summary>
    public DateTime? ConfirmedExportedAt { get; set; }

    /// <summary>Days after closing before confirmed contacts are erased too (once exported or handed off).</summary>
    public int ConfirmedRetentionDays { get; set; } = DefaultConfirmedRetentionDays;

    public const int DefaultConfirmedRetentionDays = 90;

    public List<ContactList> Lists { get; } = [];

    /// <summary>At launch: contacts that got a request, and those skipped, by reason.</summary>
    public int Eligible { get; set; }

    public int SkippedAlreadyAsked { get; set; }

    public int SkippedSuppressed { get; set; }

    public int SkippedJurisdiction { get; set; }

    /// <summary>Why sending is paused: an admin, or the bounce and complaint thresholds (with the figures).</summary>
    public string? PauseReason { get; set; }

    /// <summary>The set deadline, or <see cref="DefaultDeadlineDays"/> after sending started.</summary>
    public DateTime? EffectiveDeadline => Deadline ?? LaunchedAt?.AddDays(DefaultDeadlineDays);

    public bool IsEditable => Status is CampaignStatus.Draft or CampaignStatus.Submitted or CampaignStatus.Approved;

    public void SetConsentStatement(string text)
    {
        if (string.Equals(text, ConsentStatement, StringComparison.Ordinal)) return;
        ConsentStatement = text;
        ConsentVersion++;
    }

    /// <summary>
    /// Records an edit. Submission and approval cover the exact content, so an edit sends the
    /// campaign back to draft.
    /// </summary>
    public void Edited(DateTime at)
    {
        if (!IsEditable) throw new InvalidStateTransitionException($"A campaign that is {Status} can no longer be edited.");
        UpdatedAt = at;
        if (Status != CampaignStatus.Draft) MoveTo(CampaignStatus.Draft, at);
    }

    public void Submit(DateTime at, string? byUserId)
    {
        MoveTo(CampaignStatus.Submitted, at);
        SubmittedAt = at;
        SubmittedByUserId = byUserId;
    }

    public void Approve(DateTime at, string? byUserId)
    {
        MoveTo(CampaignStatus.Approved, at, byUserId);
        ApprovedContentHash = ContentFingerprint();
    }

    /// <summary>
    /// Starts sending. Only an approved campaign whose content is still the approved content may
    /// start: this is the one door to <see cref="CampaignStatus.Sending"/> from approval.
    /// </summary>
    public void Launch(DateTime at)
    {
        if (Status != CampaignStatus.Approved)
            throw new InvalidStateTransitionException($"Only an approved campaign can be sent; this one is {Status}.");
        MoveTo(CampaignStatus.Sending, at);
    }

    /// <summary>True when nothing the admin approved has changed since (content, sender, lists).</summary>
    public bool ApprovedContentIsIntact => ApprovedContentHash is not null && ApprovedContentHash == ContentFingerprint();

    /// <summary>
    /// SHA-256 over everything a contact is shown or that decides who is asked: the text, the
    /// form, the incentive, the sender's identity and the lists. Needs <see cref="Sender"/> and
    /// <see cref="Lists"/> loaded.
    /// </summary>
    public string ContentFingerprint()
    {
        if (SenderProfileId is not null && Sender is null)
            throw new InvalidOperationException("Load the campaign's sender before computing its fingerprint.");
        var lists = string.Join(",", Lists.Select(l => l.Id).Order());
        return ContentHash.Compute(
            Subject, BodyMarkdown, Language, Purpose, Provenance, ConsentStatement,
            ConsentVersion.ToString(CultureInfo.InvariantCulture), AskName ? "name" : "", InterestOptions,
            IncentiveDescription, IncentiveCode, Deadline?.ToString("O", CultureInfo.InvariantCulture), lists,
            Sender?.Id.ToString(CultureInfo.InvariantCulture), Sender?.FromName, Sender?.FromAddress, Sender?.ReplyTo, Sender?.PostalAddress);
    }

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
                ApprovedContentHash = null;
                SubmittedAt = null;
                SubmittedByUserId = null;
                break;
            case CampaignStatus.Sending:
                if (Status == CampaignStatus.Approved && !ApprovedContentIsIntact)
                    throw new InvalidStateTransitionException("The content, sender or lists changed after approval; it must be submitted and approved again.");
                LaunchedAt ??= at;
                break;
            case CampaignStatus.Closed:
                ClosedAt = at;
                break;
        }
        Status = next;
    }
}
