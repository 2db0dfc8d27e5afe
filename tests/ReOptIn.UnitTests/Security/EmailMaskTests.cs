using ReOptIn.Core.Security;

namespace ReOptIn.UnitTests.Security;

public sealed class EmailMaskTests
{
    [Theory]
    [InlineData("jane.doe@example.com", "j***@example.com")]
    [InlineData("x@example.com", "x***@example.com")]
    [InlineData("@example.com", "***@example.com")]
    public void One_address_keeps_its_first_letter_and_domain(string address, string masked) =>
        Assert.Equal(masked, EmailMask.Mask(address));

    [Theory]
    [InlineData("Sent to jane.doe@example.com and bob+x@sub.example.co.uk.", "Sent to j***@example.com and b***@sub.example.co.uk.")]
    [InlineData("User name 'john@example.net' is taken", "User name 'j***@example.net' is taken")]
    [InlineData("<anne-marie@exämple.de>", "<a***@exämple.de>")]
    [InlineData("no address here, just an @ sign", "no address here, just an @ sign")]
    public void Every_address_in_a_text_is_masked(string text, string masked) =>
        Assert.Equal(masked, EmailMask.MaskAll(text));
}
