using System.Reflection;
using ReOptIn.Core.Composing;
using ReOptIn.Core.Composing.Linting;

namespace ReOptIn.UnitTests.Composing.Linting;

public sealed class RequestLinterTests
{
    private static readonly LintContext FullContext = new()
    {
        SenderKnown = true,
        SenderName = "Librairie du Port",
        SenderPostalAddress = "12 quai des Indes, 56100 Lorient, France",
        IncentiveDescription = "10% off your next order",
        Lists = [new ListJurisdictionSummary("Shop 2020", 40, HasLawfulBasis: true), new ListJurisdictionSummary("Fair 2022", 0, false)],
    };

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public void The_default_request_has_no_findings(string language)
    {
        Assert.Empty(Lint.All(Lint.Default(language)));
        Assert.Empty(Lint.All(Lint.Default(language), FullContext));
    }

    [Theory]
    [InlineData("en", "en")]
    [InlineData("fr", "fr")]
    [InlineData("fr-CA", "fr")]
    [InlineData("FR", "fr")]
    [InlineData("de", "en")]
    [InlineData("", "en")]
    public void The_default_request_is_French_for_French_and_English_otherwise(string asked, string expected) =>
        Assert.Equal(expected, DefaultRequest.For(asked).Language);

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public void The_default_request_uses_every_required_placeholder_and_no_incentive(string language)
    {
        var body = DefaultRequest.For(language).BodyMarkdown;
        Assert.Contains("]({{ confirm_url }})", body, StringComparison.Ordinal);
        Assert.Contains("]({{ decline_url }})", body, StringComparison.Ordinal);
        foreach (var placeholder in new[] { "{{ purpose }}", "{{ contact.source }}", "{{ sender.name }}", "{{ sender.postal_address }}" })
        {
            Assert.Contains(placeholder, body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("incentive", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public void An_empty_body_misses_the_links_the_reminders_and_the_sender(string language)
    {
        var rules = Lint.All(Lint.WithBody(language, "")).Select(f => f.Rule).Distinct();
        Assert.Equal(
            [LintRules.ConfirmLink, LintRules.AddressSource, LintRules.WhatWillBeSent, LintRules.SenderIdentity, LintRules.DeclineLink],
            rules);
    }

    [Theory]
    [InlineData("en", "FREE $10 voucher!! {{ coupon }}", "You are already subscribed. ![x](https://t.example.com/p.gif) {{ purpose")]
    [InlineData("fr", "GRATUIT : un cadeau de 10 € !! {{ coupon }}", "Vous êtes déjà inscrit. ![x](https://t.example.com/p.gif) {{ purpose")]
    public void Findings_are_ordered_by_rule_id(string language, string subject, string body)
    {
        var context = FullContext with { Lists = [new ListJurisdictionSummary("UK", 3, false)] };
        var findings = Lint.All(new RequestContent(subject, body, language), context);

        Assert.Equal(findings.Select(f => f.Rule).Order(StringComparer.Ordinal), findings.Select(f => f.Rule));
        Assert.Equal(12, findings.Select(f => f.Rule).Distinct().Count());
    }

    [Fact]
    public void Each_finding_has_its_rule_severity_a_message_and_a_short_excerpt()
    {
        var longSubject = "FREE " + new string('x', 200) + " " + string.Concat(Enumerable.Repeat("WINNER ", 30));
        var findings = Lint.All(new RequestContent(longSubject, "Already subscribed " + new string('y', 300), "en"));

        Assert.NotEmpty(findings);
        foreach (var finding in findings)
        {
            Assert.Equal(LintRules.Find(finding.Rule)!.Severity, finding.Severity);
            Assert.False(string.IsNullOrWhiteSpace(finding.Message));
            Assert.True(finding.Excerpt is null || finding.Excerpt.Length <= 80, finding.Excerpt);
        }
    }

    [Fact]
    public void A_null_context_is_the_empty_context()
    {
        var content = Lint.WithSubject("en", "Free!!");
        Assert.Equal(Lint.All(content, LintContext.None), Lint.All(content));
    }

    [Fact]
    public void The_rule_list_has_every_rule_once_in_id_order()
    {
        var ids = typeof(LintRules).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(12, ids.Count);
        Assert.Equal(ids, LintRules.All.Select(r => r.Id));
        Assert.All(LintRules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Title)));
        Assert.Null(LintRules.Find("RP999"));
    }

    [Fact]
    public void Only_the_incentive_images_and_lists_rules_are_warnings()
    {
        var warnings = LintRules.All.Where(r => r.Severity == LintSeverity.Warning).Select(r => r.Id);
        Assert.Equal([LintRules.IncentiveDominates, LintRules.RemoteImages, LintRules.RestrictedJurisdictions], warnings);
    }
}
