namespace ReOptIn.Core.Importing.Addresses;

/// <summary>Cleans and validates one address cell (trim, mailto:, Name &lt;addr&gt;, several addresses, IDN).</summary>
public static class AddressParser
{
    public static ParsedAddress Parse(string? cell) => throw new NotImplementedException();
}
