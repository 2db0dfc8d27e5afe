using ReOptIn.Core.Importing.Addresses;

namespace ReOptIn.UnitTests.Importing.Addresses;

public sealed class JurisdictionsTests
{
    [Theory]
    [InlineData("GB")]
    [InlineData("uk")]
    [InlineData("U.K.")]
    [InlineData("United Kingdom")]
    [InlineData("  great   britain ")]
    [InlineData("England")]
    [InlineData("Scotland")]
    [InlineData("Wales")]
    [InlineData("Northern Ireland")]
    [InlineData("Royaume-Uni")]
    [InlineData("ROYAUME UNI")]
    [InlineData("Grande-Bretagne")]
    [InlineData("Écosse")]
    [InlineData("Vereinigtes Königreich")]
    [InlineData("Großbritannien")]
    [InlineData("GROSSBRITANNIEN")]
    [InlineData("Reino Unido")]
    [InlineData("Gran Bretaña")]
    [InlineData("gran bretana")]
    public void A_country_cell_naming_the_UK_in_any_of_four_languages_excludes_the_contact(string country) =>
        Assert.Equal(Jurisdictions.UnitedKingdom, Jurisdictions.ExclusionFor(country, "jane@example.com"));

    [Theory]
    [InlineData("CA")]
    [InlineData("can")]
    [InlineData("Canada")]
    [InlineData("CANADA")]
    [InlineData("Kanada")]
    [InlineData("Canadá")]
    public void A_country_cell_naming_Canada_in_any_of_four_languages_excludes_the_contact(string country) =>
        Assert.Equal(Jurisdictions.Canada, Jurisdictions.ExclusionFor(country, "jane@example.com"));

    [Theory]
    [InlineData(null, "jane@example.co.uk", Jurisdictions.UnitedKingdom)]
    [InlineData("", "jane@example.uk", Jurisdictions.UnitedKingdom)]
    [InlineData("  ", "jane@council.gov.uk", Jurisdictions.UnitedKingdom)]
    [InlineData("n/a", "jane@example.scot", Jurisdictions.UnitedKingdom)]
    [InlineData(null, "jane@example.ca", Jurisdictions.Canada)]
    [InlineData("-", "jane@example.qc.ca", Jurisdictions.Canada)]
    [InlineData(null, "jane@example.com", null)]
    [InlineData(null, "jane@example.ukraine.example.com", null)]
    [InlineData(null, "jane@example.cat", null)]
    public void Without_a_country_the_top_level_domain_decides(string? country, string email, string? expected) =>
        Assert.Equal(expected, Jurisdictions.ExclusionFor(country, email));

    [Theory]
    [InlineData("France", "jane@example.co.uk")]
    [InlineData("United States", "jane@example.ca")]
    [InlineData("Deutschland", "jane@example.ca")]
    [InlineData("Ireland", "jane@example.co.uk")]
    public void A_country_cell_naming_another_country_wins_over_the_domain(string country, string email) =>
        Assert.Null(Jurisdictions.ExclusionFor(country, email));

    [Fact]
    public void Every_jurisdiction_has_a_description_naming_its_law()
    {
        Assert.Equal("UK (PECR): a consent request by email counts as marketing there.", Jurisdictions.Describe(Jurisdictions.UnitedKingdom));
        Assert.Contains("CASL", Jurisdictions.Describe(Jurisdictions.Canada), StringComparison.Ordinal);
        Assert.All(Jurisdictions.All, code => Assert.NotEqual(code, Jurisdictions.Describe(code)));
    }
}
