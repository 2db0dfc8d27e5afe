using ReOptIn.Core.Composing.Linting;

namespace ReOptIn.UnitTests.Composing.Linting;

public sealed class ListRulesTests
{
    [Theory]
    [InlineData("en", 12, "List 'Shop 2020' has 12 contacts in the UK or Canada and no lawful basis recorded: they will be excluded. Record the basis on the list page to include them.")]
    [InlineData("fr", 1, "List 'Shop 2020' has 1 contact in the UK or Canada and no lawful basis recorded: they will be excluded. Record the basis on the list page to include them.")]
    [InlineData("fr", 1234, "List 'Shop 2020' has 1,234 contacts in the UK or Canada and no lawful basis recorded: they will be excluded. Record the basis on the list page to include them.")]
    public void A_list_with_UK_or_Canadian_contacts_and_no_lawful_basis_is_a_warning(string language, int contacts, string message)
    {
        var context = new LintContext { Lists = [new ListJurisdictionSummary("Shop 2020", contacts, HasLawfulBasis: false)] };
        var finding = Assert.Single(Lint.Rule(LintRules.RestrictedJurisdictions, Lint.Default(language), context));

        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Equal(message, finding.Message);
        Assert.Null(finding.Excerpt);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public void Lists_with_a_lawful_basis_or_no_restricted_contacts_pass_and_each_other_list_is_named(string language)
    {
        var context = new LintContext
        {
            Lists =
            [
                new ListJurisdictionSummary("With basis", 50, HasLawfulBasis: true),
                new ListJurisdictionSummary("Nobody there", 0, HasLawfulBasis: false),
                new ListJurisdictionSummary("Fair 2022", 3, HasLawfulBasis: false),
                new ListJurisdictionSummary("Shop 2020", 7, HasLawfulBasis: false),
            ],
        };

        var findings = Lint.Rule(LintRules.RestrictedJurisdictions, Lint.Default(language), context);

        Assert.Collection(findings,
            f => Assert.StartsWith("List 'Fair 2022' has 3 contacts", f.Message, StringComparison.Ordinal),
            f => Assert.StartsWith("List 'Shop 2020' has 7 contacts", f.Message, StringComparison.Ordinal));
    }
}
