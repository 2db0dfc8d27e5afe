using System.Collections.Frozen;

namespace ReOptIn.Core.Composing.Linting;

/// <summary>
/// The rules a re-permission request is checked against (product.md, "The rules of a re-permission
/// request"). Ids are stable: the API, the UI and the docs refer to them.
/// </summary>
public static class LintRules
{
    public const string ConfirmLink = "RP001";
    public const string AddressSource = "RP002";
    public const string WhatWillBeSent = "RP003";
    public const string PromotionalSubject = "RP004";
    public const string OptOutFraming = "RP005";
    public const string IncentiveDominates = "RP006";
    public const string SenderIdentity = "RP007";
    public const string DeclineLink = "RP008";
    public const string RemoteImages = "RP009";
    public const string RestrictedJurisdictions = "RP010";
    public const string UnknownPlaceholder = "RP011";
    public const string TemplateSyntax = "RP012";

    /// <summary>Every rule, in id order.</summary>
    public static IReadOnlyList<LintRule> All { get; } =
    [
        new(ConfirmLink, LintSeverity.Error, "The body must link to the signup form with {{ confirm_url }}."),
        new(AddressSource, LintSeverity.Error, "The body must remind the contact how their address was obtained."),
        new(WhatWillBeSent, LintSeverity.Error, "The body must say what will be sent."),
        new(PromotionalSubject, LintSeverity.Error, "The subject must not look like an advertisement: no \"free\", \"% off\", amounts, \"!!\", capitals or emoji runs."),
        new(OptOutFraming, LintSeverity.Error, "The request must not be an opt-out message (\"already subscribed\", \"do nothing\"): silence is not consent."),
        new(IncentiveDominates, LintSeverity.Warning, "The incentive must not dominate: not in the subject or a heading, not in bold, mentioned twice at most."),
        new(SenderIdentity, LintSeverity.Error, "The body must show the sender's name and postal address, and the sender profile must have both."),
        new(DeclineLink, LintSeverity.Error, "The body must link to the decline page with {{ decline_url }}."),
        new(RemoteImages, LintSeverity.Warning, "The body should not load remote images or tracking pixels."),
        new(RestrictedJurisdictions, LintSeverity.Warning, "UK and Canadian contacts of a list with no recorded lawful basis are excluded."),
        new(UnknownPlaceholder, LintSeverity.Error, "Only the known placeholders may be used."),
        new(TemplateSyntax, LintSeverity.Error, "The subject and body must be valid templates: balanced {{ }} and no {% %} tags."),
    ];

    private static readonly FrozenDictionary<string, LintRule> ById = All.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);

    /// <summary>The rule with this id, or null.</summary>
    public static LintRule? Find(string id) => ById.GetValueOrDefault(id);

    internal static LintFinding Finding(string rule, string message, string? excerpt = null) =>
        new(rule, ById[rule].Severity, message, excerpt);
}
