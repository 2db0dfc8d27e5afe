using ReOptIn.Core.Composing.Linting;

namespace ReOptIn.UnitTests.Composing.Linting;

public sealed class FoldedTextTests
{
    [Theory]
    [InlineData("GRATUÏT", "gratuit")]
    [InlineData("Déjà  inscrite", "deja inscrite")]
    [InlineData("Vous n’avez rien à faire", "vous n'avez rien a faire")]
    [InlineData("you **signed up**", "you signed up")]
    [InlineData("e\u0301te\u0301", "ete")]
    [InlineData("one\ntwo", "one two")]
    [InlineData("one\n\n  two", "one\ntwo")]
    [InlineData("20\u202F% de réduction", "20 % de reduction")]
    public void Folding_drops_case_accents_emphasis_and_extra_spaces(string original, string folded) =>
        Assert.Equal(folded, FoldedText.Of(original).Text);

    [Fact]
    public void An_excerpt_is_the_original_text()
    {
        var text = FoldedText.Of("Un vélo **à  gagner** !");
        var at = text.Text.IndexOf("a gagner", StringComparison.Ordinal);
        Assert.Equal("à  gagner", text.Original[text.OriginalIndex(at)..(text.OriginalIndex(at) + 9)]);
        Assert.Equal("à gagner", text.Excerpt(at, "a gagner".Length));
    }

    [Fact]
    public void Excerpts_are_at_most_80_characters()
    {
        var shortened = FoldedText.Shorten(new string('a', 200));
        Assert.Equal(80, shortened.Length);
        Assert.EndsWith("…", shortened, StringComparison.Ordinal);
    }
}
