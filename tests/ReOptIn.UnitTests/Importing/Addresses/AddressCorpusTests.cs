using ReOptIn.Core.Contacts;
using ReOptIn.Core.Importing.Addresses;
using Xunit.Abstractions;

namespace ReOptIn.UnitTests.Importing.Addresses;

/// <summary>The parser against the shared address vectors (Corpus/addresses.tsv).</summary>
public sealed class AddressCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void The_corpus_is_read_whole()
    {
        Assert.Equal(245, AddressCorpus.Rows.Count);
        Assert.Equal(134, AddressCorpus.Rows.Count(r => !r.StrictOnly));
        Assert.DoesNotContain(AddressCorpus.Rows, r => r.Id.Length == 0);
    }

    [Fact]
    public void Bare_addresses_agree_with_the_policy_verdict_on_at_least_99_percent_of_rows()
    {
        var rows = AddressCorpus.Rows.Where(r => !r.StrictOnly).ToList();
        var disagreements = rows
            .Select(r => (Row: r, Rejection: AddressParser.Check(r.Cell)))
            .Where(x => (x.Rejection is null) != x.Row.ExpectedValid)
            .Select(x => $"{x.Row}: expected {(x.Row.ExpectedValid ? "valid" : "invalid")}, got {x.Rejection ?? "valid"}")
            .ToList();

        var agreeing = rows.Count - disagreements.Count;
        output.WriteLine($"{agreeing} of {rows.Count} rows agree.");
        Assert.True(agreeing >= rows.Count * 0.99,
            $"Only {agreeing} of {rows.Count} rows agree with expected_valid:\n{string.Join('\n', disagreements)}");
    }

    [Fact]
    public void Forms_an_RFC_allows_but_bulk_sending_cannot_use_are_all_rejected()
    {
        var accepted = AddressCorpus.Rows.Where(r => r.StrictOnly && AddressParser.Check(r.Cell) is null).ToList();
        Assert.True(accepted.Count == 0, $"Accepted strict-only forms (ADR-0005 rejects them):\n{string.Join('\n', accepted)}");
    }

    [Theory]
    [InlineData("quoted-local-part", RejectReasons.QuotedLocalPart)]
    [InlineData("domain-literal", RejectReasons.DomainLiteral)]
    [InlineData("non-ascii-local-part(SMTPUTF8)", RejectReasons.NonAsciiLocalPart)]
    [InlineData("single-label-domain", RejectReasons.SingleLabelDomain)]
    [InlineData("special-use-domain", RejectReasons.SpecialUseDomain)]
    [InlineData("numeric-tld/ip-as-domain", RejectReasons.InvalidTopLevelDomain)]
    [InlineData("tld-not-alphabetic-or-too-short", RejectReasons.InvalidTopLevelDomain)]
    [InlineData("invalid-punycode-label", RejectReasons.InvalidInternationalDomain)]
    public void Strict_only_forms_are_rejected_with_a_reason_that_names_them(string rule, string reason)
    {
        var rows = AddressCorpus.Rows.Where(r => r.StrictOnly && r.Rule == rule).ToList();
        Assert.NotEmpty(rows);
        var wrong = rows.Select(r => (Row: r, Rejection: AddressParser.Check(r.Cell)))
            .Where(x => x.Rejection != reason)
            .Select(x => $"{x.Row}: {x.Rejection ?? "valid"}")
            .ToList();
        Assert.True(wrong.Count == 0, $"Expected {reason}:\n{string.Join('\n', wrong)}");
    }

    [Fact]
    public void Messy_cells_give_the_address_an_importer_should_make_of_them()
    {
        var wrong = new List<string>();
        foreach (var row in AddressCorpus.Rows)
        {
            var parsed = AddressParser.Parse(row.Cell);
            if (parsed.IsValid != row.ExpectedValidAfterNormalize)
                wrong.Add($"{row}: expected {(row.ExpectedValidAfterNormalize ? "valid" : "invalid")} after cleaning, got {parsed.Rejection ?? parsed.Email}");
            else if (parsed.IsValid && row.NormalizedCandidate.Length > 0 && parsed.Email != row.NormalizedCandidate)
                wrong.Add($"{row}: expected {row.NormalizedCandidate}, got {parsed.Email}");
        }
        output.WriteLine($"{AddressCorpus.Rows.Count - wrong.Count} of {AddressCorpus.Rows.Count} cells agree after cleaning.");
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public void Display_name_cells_give_their_address_and_their_name()
    {
        var rows = AddressCorpus.Rows.Where(r => r.CellForm == "display-name" && r.ExpectedValidAfterNormalize).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(r.NormalizedCandidate, AddressParser.Parse(r.Cell).Email));
        Assert.Equal("Some Name", AddressParser.Parse(rows.Single(r => r.Id == "A0642").Cell).NameInCell);
    }

    [Fact]
    public void Every_accepted_address_has_the_comparison_form_of_EmailAddress_Normalize()
    {
        var accepted = AddressCorpus.Rows.Select(r => AddressParser.Parse(r.Cell)).Where(p => p.IsValid).ToList();
        Assert.True(accepted.Count >= 40, $"Only {accepted.Count} corpus cells were accepted.");
        Assert.All(accepted, p => Assert.Equal(EmailAddress.Normalize(p.Email), p.Normalized));
    }
}
