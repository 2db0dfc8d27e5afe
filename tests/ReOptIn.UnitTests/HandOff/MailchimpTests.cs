using ReOptIn.Core.HandOff.Connectors;

namespace ReOptIn.UnitTests.HandOff;

public sealed class MailchimpTests
{
    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef-us21", "us21")]
    [InlineData("key-with-dashes-US6", "us6")]
    [InlineData("0123456789abcdef", null)]
    [InlineData("0123-", null)]
    public void The_data_centre_is_the_key_suffix(string key, string? dc) => Assert.Equal(dc, MailchimpConnector.DataCentre(key));

    [Fact]
    public void The_subscriber_hash_is_the_md5_of_the_lowercased_address() =>
        Assert.Equal("0cba00ca3da1b283a57287bcceb17e35", MailchimpConnector.SubscriberHash(" Jane.Doe@Example.COM "));
}
