using System.ComponentModel.DataAnnotations;
using ReOptIn.Core.Campaigns;
using ReOptIn.Web.Campaigns;

namespace ReOptIn.Web.Pages.Campaigns;

/// <summary>The campaign page's fields; <see cref="CampaignChanges"/> validates and applies them.</summary>
public sealed class CampaignForm
{
    public static readonly IReadOnlyDictionary<string, string> FieldNames = new Dictionary<string, string>
    {
        ["name"] = nameof(Name), ["senderId"] = nameof(SenderId), ["listIds"] = nameof(ListIds), ["purpose"] = nameof(Purpose),
        ["provenance"] = nameof(Provenance), ["subject"] = nameof(Subject), ["bodyMarkdown"] = nameof(BodyMarkdown),
        ["consentStatement"] = nameof(ConsentStatement), ["language"] = nameof(Language), ["interestOptions"] = nameof(InterestOptions),
        ["incentive.description"] = nameof(IncentiveDescription), ["incentive.code"] = nameof(IncentiveCode), ["deadline"] = nameof(Deadline),
    };

    public string? Name { get; set; }
    [Display(Name = "Sender")] public int? SenderId { get; set; }
    [Display(Name = "Lists to ask")] public List<int> ListIds { get; set; } = [];
    [Display(Name = "What you will send, and how often")] public string? Purpose { get; set; }
    [Display(Name = "How you got the addresses (optional)")] public string? Provenance { get; set; }
    public string? Subject { get; set; }
    [Display(Name = "Body (Markdown)")] public string? BodyMarkdown { get; set; }
    [Display(Name = "Consent statement")] public string? ConsentStatement { get; set; }
    [Display(Name = "Language of the email and the form")] public string Language { get; set; } = "en";
    [Display(Name = "Ask for first and last name")] public bool AskName { get; set; }
    [Display(Name = "Interests offered (one per line, optional)")] public string? InterestOptions { get; set; }
    [Display(Name = "Incentive (optional)")] public string? IncentiveDescription { get; set; }
    [Display(Name = "Code shown after confirmation")] public string? IncentiveCode { get; set; }
    [Display(Name = "Deadline"), DataType(DataType.Date)] public DateOnly? Deadline { get; set; }

    public CampaignChanges ToChanges() => new()
    {
        Name = Name, SenderId = SenderId, ListIds = ListIds, Purpose = Purpose, Provenance = Provenance, Subject = Subject, BodyMarkdown = BodyMarkdown,
        ConsentStatement = ConsentStatement, Language = Language, AskName = AskName, InterestOptions = InterestOptions,
        IncentiveDescription = IncentiveDescription, IncentiveCode = IncentiveCode,
        // The end of the chosen day, in UTC.
        Deadline = Deadline?.ToDateTime(new TimeOnly(23, 59, 59), DateTimeKind.Utc),
    };

    public static CampaignForm From(Campaign c) => new()
    {
        Name = c.Name, SenderId = c.SenderProfileId, ListIds = c.Lists.Select(l => l.Id).ToList(), Purpose = c.Purpose, Provenance = c.Provenance,
        Subject = c.Subject, BodyMarkdown = c.BodyMarkdown, ConsentStatement = c.ConsentStatement, Language = c.Language, AskName = c.AskName,
        InterestOptions = c.InterestOptions, IncentiveDescription = c.IncentiveDescription, IncentiveCode = c.IncentiveCode,
        Deadline = c.Deadline is { } d ? DateOnly.FromDateTime(d) : null,
    };
}
