using ReOptIn.Core.Importing.Addresses;

namespace ReOptIn.UnitTests.Importing.Addresses;

public sealed class AddressFlagsTests
{
    [Theory]
    [InlineData("info@example.com")]
    [InlineData("Sales@example.com")]
    [InlineData("SUPPORT@example.com")]
    [InlineData("sales+uk@example.com")]
    [InlineData("no-reply@example.com")]
    public void Role_mailboxes_are_flagged_but_not_rejected(string cell)
    {
        var parsed = AddressParser.Parse(cell);

        Assert.True(parsed.IsValid);
        Assert.Equal(AddressFlags.RoleAccount, parsed.Flags);
    }

    [Theory]
    [InlineData("jane@example.com")]
    [InlineData("information.desk.jane@example.com")]
    [InlineData("jane+info@example.com")]
    public void Personal_mailboxes_are_not_role_accounts(string cell) =>
        Assert.Equal(AddressFlags.None, AddressParser.Parse(cell).Flags);

    [Theory]
    [InlineData("jane@mailinator.com")]
    [InlineData("jane@MAILINATOR.COM")]
    [InlineData("jane@yopmail.com")]
    [InlineData("jane@eu.mailinator.com")]
    [InlineData("jane@a.b.10minutemail.com")]
    public void Disposable_domains_and_their_subdomains_are_flagged_but_not_rejected(string cell)
    {
        var parsed = AddressParser.Parse(cell);

        Assert.True(parsed.IsValid);
        Assert.Equal(AddressFlags.DisposableDomain, parsed.Flags);
    }

    [Theory]
    [InlineData("jane@example.com")]
    [InlineData("jane@notmailinator-really.com")] // notmailinator.com itself is listed
    [InlineData("jane@mailinator.com.example.org")]
    public void Ordinary_domains_are_not_disposable(string cell) =>
        Assert.Equal(AddressFlags.None, AddressParser.Parse(cell).Flags);

    [Fact]
    public void An_address_can_carry_both_flags() =>
        Assert.Equal(AddressFlags.RoleAccount | AddressFlags.DisposableDomain, AddressParser.Parse("info@mailinator.com").Flags);

    [Fact]
    public void Rejected_cells_carry_no_flags() =>
        Assert.Equal(AddressFlags.None, AddressParser.Parse("info@mailinator").Flags);

    [Fact]
    public void Both_lists_ship_inside_the_assembly_with_their_licences()
    {
        Assert.True(AddressLists.RoleCount > 1000, $"{AddressLists.RoleCount} role local parts");
        Assert.True(AddressLists.DisposableCount > 8000, $"{AddressLists.DisposableCount} disposable domains");

        var resources = typeof(AddressParser).Assembly.GetManifestResourceNames();
        const string prefix = "ReOptIn.Core.Importing.Addresses.Data.";
        Assert.Contains(prefix + "role_based_localparts.LICENSE.txt", resources);
        Assert.Contains(prefix + "role_based_localparts.UPSTREAM-mixmax.LICENSE.txt", resources);
        Assert.Contains(prefix + "disposable_email_blocklist.LICENSE.txt", resources);
        Assert.Contains(prefix + "README.txt", resources);
    }
}
