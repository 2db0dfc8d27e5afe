using ReOptIn.Core.Importing.Parsing;

namespace ReOptIn.UnitTests.Importing.Parsing;

public sealed class TextFormatTests
{
    [Theory]
    [InlineData("comma", ',')]
    [InlineData(",", ',')]
    [InlineData("semicolon", ';')]
    [InlineData("tab", '\t')]
    [InlineData("\\t", '\t')]
    [InlineData("pipe", '|')]
    public void A_delimiter_is_accepted_by_name_or_as_itself(string given, char expected)
    {
        Assert.True(TextFormat.TryParseDelimiter(given, out var delimiter));
        Assert.Equal(expected, delimiter);
    }

    [Theory]
    [InlineData("#")]
    [InlineData("colon")]
    [InlineData("")]
    public void Anything_else_is_not_a_delimiter(string given) => Assert.False(TextFormat.TryParseDelimiter(given, out _));

    [Fact]
    public void Every_delimiter_has_a_name_that_parses_back_to_it()
    {
        foreach (var d in TextFormat.Delimiters)
        {
            Assert.True(TextFormat.TryParseDelimiter(TextFormat.DelimiterName(d), out var back));
            Assert.Equal(d, back);
        }
    }
}
