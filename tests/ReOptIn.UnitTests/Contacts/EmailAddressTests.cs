using ReOptIn.Core.Contacts;

namespace ReOptIn.UnitTests.Contacts;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("Jane.Doe@Example.COM", "jane.doe@example.com")]
    [InlineData("  jane@example.com \t", "jane@example.com")]
    [InlineData("jane@example.com.", "jane@example.com")]
    [InlineData("jane@Exämple.com", "jane@xn--exmple-cua.com")]
    [InlineData("jane@xn--exmple-cua.com", "jane@xn--exmple-cua.com")]
    [InlineData("j.a.n.e+news@gmail.com", "j.a.n.e+news@gmail.com")] // no provider-specific folding
    public void Spellings_of_one_address_normalise_alike(string raw, string expected) =>
        Assert.Equal(expected, EmailAddress.Normalize(raw));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-at-sign")]
    [InlineData("@example.com")]
    [InlineData("jane@")]
    [InlineData("a@b@example.com")]
    [InlineData("jane@exa mple.com")]
    public void Non_addresses_have_no_normal_form(string? raw) => Assert.Null(EmailAddress.Normalize(raw));

    [Theory]
    [InlineData("jane@xn--exmple-cua.com", "jane@exämple.com")]
    [InlineData("li@xn--fiqs8s.xn--fiqs8s", "li@中国.中国")]
    [InlineData("plain@example.com", "plain@example.com")]
    [InlineData("broken@xn--", "broken@xn--")]
    public void An_internationalised_domain_is_shown_in_unicode(string stored, string shown) =>
        Assert.Equal(shown, EmailAddress.ForDisplay(stored));
}
