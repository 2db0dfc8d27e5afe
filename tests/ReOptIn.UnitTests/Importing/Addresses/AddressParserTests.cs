using ReOptIn.Core.Contacts;
using ReOptIn.Core.Importing.Addresses;

namespace ReOptIn.UnitTests.Importing.Addresses;

public sealed class AddressParserTests
{
    [Theory]
    [InlineData("jane@example.com")]
    [InlineData("\u00a0jane@example.com\u00a0")]
    [InlineData("\u200bjane@example.com\ufeff")]
    [InlineData("\ufeff\u2060 jane@example.com \u200c\u200d")]
    [InlineData("\tjane@example.com\r\n")]
    [InlineData("  \r\n jane@example.com   ")]
    public void Spaces_and_invisible_characters_around_an_address_are_trimmed(string cell)
    {
        var parsed = AddressParser.Parse(cell);

        Assert.Null(parsed.Rejection);
        Assert.Equal("jane@example.com", parsed.Email);
        Assert.Equal("jane@example.com", parsed.Normalized);
        Assert.Equal("example.com", parsed.DisplayDomain);
        Assert.Empty(parsed.OtherAddresses);
    }

    [Theory]
    [InlineData("ja\u00a0ne@example.com", RejectReasons.ContainsSpace)]
    [InlineData("ja\u200bne@example.com", RejectReasons.InvisibleCharacters)]
    [InlineData("jane@exam\u200bple.com", RejectReasons.InvisibleCharacters)]
    public void Spaces_and_invisible_characters_inside_an_address_are_not_trimmed_away(string cell, string reason) =>
        Assert.Equal(reason, AddressParser.Parse(cell).Rejection);

    [Theory]
    [InlineData("mailto:jane@example.com")]
    [InlineData("MailTo:jane@example.com")]
    [InlineData("mailto:jane@example.com?subject=Hello%20there&body=Hi")]
    [InlineData(" mailto:jane@example.com ")]
    [InlineData("<mailto:jane@example.com>")]
    public void A_mailto_link_gives_its_address(string cell)
    {
        var parsed = AddressParser.Parse(cell);

        Assert.Null(parsed.Rejection);
        Assert.Equal("jane@example.com", parsed.Email);
    }

    [Fact]
    public void A_mailto_link_is_percent_decoded() =>
        Assert.Equal("jane+news@example.com", AddressParser.Parse("mailto:jane%2Bnews@example.com").Email);

    [Theory]
    [InlineData("Jane Doe <jane@example.com>", "Jane Doe")]
    [InlineData("\"Doe, Jane\" <jane@example.com>", "Doe, Jane")]
    [InlineData("Doe, Jane <jane@example.com>", "Doe, Jane")]
    [InlineData("\"Jane \\\"JD\\\" Doe\" <jane@example.com>", "Jane \"JD\" Doe")]
    [InlineData("Jane Doe<jane@example.com>", "Jane Doe")]
    [InlineData("Jane Doe < jane@example.com >", "Jane Doe")]
    [InlineData("Jane Doe <mailto:jane@example.com>", "Jane Doe")]
    public void A_name_and_address_cell_gives_the_address_and_the_name(string cell, string name)
    {
        var parsed = AddressParser.Parse(cell);

        Assert.Null(parsed.Rejection);
        Assert.Equal("jane@example.com", parsed.Email);
        Assert.Equal(name, parsed.NameInCell);
        Assert.Empty(parsed.OtherAddresses);
    }

    [Theory]
    [InlineData("<jane@example.com>")]
    [InlineData("\"\" <jane@example.com>")]
    [InlineData("jane@example.com")]
    public void A_cell_without_a_name_has_no_name(string cell)
    {
        var parsed = AddressParser.Parse(cell);

        Assert.Equal("jane@example.com", parsed.Email);
        Assert.Null(parsed.NameInCell);
    }

    [Fact]
    public void A_name_with_an_unclosed_bracket_is_rejected_with_its_own_reason() =>
        Assert.Equal(RejectReasons.UnclosedAngleBracket, AddressParser.Parse("Jane Doe <jane@example.com").Rejection);

    [Theory]
    [InlineData("a@x.com; b@y.com")]
    [InlineData("a@x.com;b@y.com")]
    [InlineData("a@x.com, b@y.com")]
    [InlineData("a@x.com b@y.com")]
    [InlineData("a@x.com\r\nb@y.com")]
    [InlineData("a@x.com ::: b@y.com")]
    [InlineData("mailto:a@x.com,b@y.com?subject=Hi")]
    [InlineData("Ann <a@x.com>, Bob <b@y.com>")]
    [InlineData("\"Doe, Ann\" <a@x.com>; \"Roe, Bob\" <b@y.com>")]
    public void Several_addresses_in_one_cell_keep_the_first_and_report_the_rest(string cell)
    {
        var parsed = AddressParser.Parse(cell);

        Assert.Null(parsed.Rejection);
        Assert.Equal("a@x.com", parsed.Email);
        Assert.Equal(["b@y.com"], parsed.OtherAddresses);
    }

    [Fact]
    public void Google_Contacts_cells_can_hold_three_addresses()
    {
        var parsed = AddressParser.Parse("a@x.com ::: b@y.com ::: C@Z.COM");

        Assert.Equal("a@x.com", parsed.Email);
        Assert.Equal(["b@y.com", "C@z.com"], parsed.OtherAddresses);
    }

    [Theory]
    [InlineData("jane@example.com;")]
    [InlineData("jane@example.com,")]
    [InlineData("; jane@example.com")]
    public void A_stray_separator_is_not_another_address(string cell)
    {
        var parsed = AddressParser.Parse(cell);

        Assert.Equal("jane@example.com", parsed.Email);
        Assert.Empty(parsed.OtherAddresses);
    }

    [Fact]
    public void The_first_address_is_the_contact_even_when_it_is_the_invalid_one()
    {
        var parsed = AddressParser.Parse("jane@localhost; jane@example.com");

        Assert.Equal(RejectReasons.SingleLabelDomain, parsed.Rejection);
        Assert.Equal(["jane@example.com"], parsed.OtherAddresses);
    }

    [Fact]
    public void The_local_part_keeps_its_case_and_the_domain_is_lowercased()
    {
        var parsed = AddressParser.Parse("Jane.Doe@Example.COM");

        Assert.Equal("Jane.Doe@example.com", parsed.Email);
        Assert.Equal("jane.doe@example.com", parsed.Normalized);
        Assert.Equal("example.com", parsed.DisplayDomain);
    }

    [Theory]
    [InlineData("Jane@Bücher.DE", "Jane@xn--bcher-kva.de", "bücher.de")]
    [InlineData("jane@xn--bcher-kva.de", "jane@xn--bcher-kva.de", "bücher.de")]
    [InlineData("jane@m端ller.com", "jane@xn--mller-es7m.com", "m端ller.com")]
    [InlineData("jane@郵件.商務", "jane@xn--5nqv22n.xn--lhr59c", "郵件.商務")]
    [InlineData("jane@faß.de", "jane@xn--fa-hia.de", "faß.de")]
    [InlineData("jane@exa\u0308mple.com", "jane@xn--exmple-cua.com", "exämple.com")]
    public void An_international_domain_is_sent_in_punycode_and_shown_in_unicode(string cell, string email, string display)
    {
        var parsed = AddressParser.Parse(cell);

        Assert.Null(parsed.Rejection);
        Assert.Equal(email, parsed.Email);
        Assert.Equal(display, parsed.DisplayDomain);
        Assert.Equal(email.ToLowerInvariant(), parsed.Normalized);
        Assert.Equal(EmailAddress.Normalize(parsed.Email), parsed.Normalized);
    }

    [Fact]
    public void An_international_address_and_its_punycode_spelling_compare_equal() =>
        Assert.Equal(AddressParser.Parse("jane@Exämple.com").Normalized, AddressParser.Parse("JANE@xn--exmple-cua.com").Normalized);

    [Theory]
    [InlineData("jane@ｇｍａｉｌ.com")]
    [InlineData("jane@example.com．")]
    [InlineData("jane@xn--0.com")]
    [InlineData("jane@\u0300.com")]
    [InlineData("jane@example.com\ufffd")]
    public void Domains_that_only_look_international_are_rejected(string cell) =>
        Assert.Equal(RejectReasons.InvalidInternationalDomain, AddressParser.Parse(cell).Rejection);

    [Theory]
    [InlineData(null, RejectReasons.Empty)]
    [InlineData("", RejectReasons.Empty)]
    [InlineData(" \u00a0 ", RejectReasons.Empty)]
    [InlineData("Jane Doe <>", RejectReasons.Empty)]
    [InlineData("jane", RejectReasons.NoAtSign)]
    [InlineData("Jane Doe", RejectReasons.NoAtSign)]
    [InlineData("jane＠example.com", RejectReasons.NoAtSign)]
    [InlineData("jane@doe@example.com", RejectReasons.SeveralAtSigns)]
    [InlineData("Jane <jane@example.com", RejectReasons.UnclosedAngleBracket)]
    [InlineData("ja\u0007ne@example.com", RejectReasons.InvisibleCharacters)]
    [InlineData("jane doe@example.com", RejectReasons.ContainsSpace)]
    [InlineData("jane(home)@example.com", RejectReasons.Comment)]
    [InlineData("@example.com", RejectReasons.MissingLocalPart)]
    [InlineData("jane@", RejectReasons.MissingDomain)]
    [InlineData("ja[ne]@example.com", RejectReasons.InvalidLocalPart)]
    [InlineData("jane:doe@example.com", RejectReasons.InvalidLocalPart)]
    [InlineData("\"jane doe\"@example.com", RejectReasons.QuotedLocalPart)]
    [InlineData("jöhn@example.com", RejectReasons.NonAsciiLocalPart)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com", RejectReasons.LocalPartTooLong)]
    [InlineData(".jane@example.com", RejectReasons.LeadingOrTrailingDot)]
    [InlineData("jane.@example.com", RejectReasons.LeadingOrTrailingDot)]
    [InlineData("jane@example.com.", RejectReasons.LeadingOrTrailingDot)]
    [InlineData("jane@.example.com", RejectReasons.LeadingOrTrailingDot)]
    [InlineData("jane..doe@example.com", RejectReasons.ConsecutiveDots)]
    [InlineData("jane@example..com", RejectReasons.ConsecutiveDots)]
    [InlineData("jane@exa_mple.com", RejectReasons.InvalidDomain)]
    [InlineData("jane@-example.com", RejectReasons.InvalidDomain)]
    [InlineData("jane@example-.com", RejectReasons.InvalidDomain)]
    [InlineData("jane@ab--cd.com", RejectReasons.InvalidDomain)]
    [InlineData("jane@ｇｍａｉｌ.com", RejectReasons.InvalidInternationalDomain)]
    [InlineData("jane@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", RejectReasons.DomainTooLong)]
    [InlineData("jane@[192.0.2.1]", RejectReasons.DomainLiteral)]
    [InlineData("jane@localhost", RejectReasons.SingleLabelDomain)]
    [InlineData("jane@example.123", RejectReasons.InvalidTopLevelDomain)]
    [InlineData("jane@192.0.2.1", RejectReasons.InvalidTopLevelDomain)]
    [InlineData("jane@example.c", RejectReasons.InvalidTopLevelDomain)]
    [InlineData("jane@shop.test", RejectReasons.SpecialUseDomain)]
    [InlineData("jane@printer.local", RejectReasons.SpecialUseDomain)]
    [InlineData("jane@www.example", RejectReasons.SpecialUseDomain)]
    [InlineData("jane@1.0.0.127.in-addr.arpa", RejectReasons.SpecialUseDomain)]
    public void A_rejected_cell_says_why(string? cell, string reason)
    {
        var parsed = AddressParser.Parse(cell);

        Assert.Equal(reason, parsed.Rejection);
        Assert.False(parsed.IsValid);
        Assert.Null(parsed.Email);
        Assert.Null(parsed.Normalized);
    }

    [Theory]
    [InlineData(58, null)]
    [InlineData(59, RejectReasons.TooLong)]
    public void An_address_may_be_254_characters_long_and_no_longer(int localLength, string? reason)
    {
        var label = new string('a', 63);
        var address = $"{new string('j', localLength)}@{label}.{label}.{label}.com";

        Assert.Equal(localLength + 196, address.Length);
        Assert.Equal(reason, AddressParser.Parse(address).Rejection);
    }

    [Theory]
    [InlineData("user+tag@example.com")]
    [InlineData("o'brien@example.ie")]
    [InlineData("a!#$%&'*+-/=?^_`{|}~z@example.com")]
    [InlineData("jane@sub-domain.example.co.uk")]
    [InlineData("jane@123.example.com")]
    [InlineData("jane@example.xn--p1ai")]
    [InlineData("jane@example.com")]
    public void Ordinary_addresses_are_accepted(string cell) => Assert.Null(AddressParser.Parse(cell).Rejection);

    [Fact]
    public void A_clean_cell_is_returned_without_a_copy()
    {
        var cell = string.Concat("jane", "@example.com");
        var parsed = AddressParser.Parse(cell);

        Assert.Same(cell, parsed.Email);
        Assert.Same(cell, parsed.Normalized);
    }

    [Fact]
    public void Check_judges_the_address_exactly_as_given()
    {
        Assert.Null(AddressParser.Check("jane@example.com"));
        Assert.Equal(RejectReasons.ContainsSpace, AddressParser.Check(" jane@example.com"));
        Assert.Equal(RejectReasons.InvalidLocalPart, AddressParser.Check("<jane@example.com>"));
        Assert.Equal(RejectReasons.Empty, AddressParser.Check(null));
    }
}
