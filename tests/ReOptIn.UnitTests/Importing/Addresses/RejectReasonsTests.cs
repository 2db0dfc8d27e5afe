using System.Reflection;
using ReOptIn.Core.Importing.Addresses;

namespace ReOptIn.UnitTests.Importing.Addresses;

public sealed class RejectReasonsTests
{
    private static readonly string[] Codes = typeof(RejectReasons)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    [Fact]
    public void Every_reason_code_has_a_sentence_a_marketer_understands()
    {
        Assert.True(Codes.Length >= 25, $"{Codes.Length} codes");
        Assert.All(Codes, code =>
        {
            var text = RejectReasons.Describe(code);
            Assert.NotEqual(code, text);
            Assert.True(char.IsUpper(text[0]) && text.EndsWith('.'), $"{code}: “{text}” is not a sentence.");
        });
    }

    [Fact]
    public void All_lists_every_code_once_and_codes_are_kebab_case()
    {
        Assert.Equal(Codes.Order(StringComparer.Ordinal), RejectReasons.All.Order(StringComparer.Ordinal));
        Assert.All(Codes, code => Assert.Matches("^[a-z]+(-[a-z]+)*$", code));
    }

    [Fact]
    public void An_unknown_code_is_described_by_itself() =>
        Assert.Equal("no-such-code", RejectReasons.Describe("no-such-code"));
}
