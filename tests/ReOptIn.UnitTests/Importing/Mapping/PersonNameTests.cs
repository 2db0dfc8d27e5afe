using ReOptIn.Core.Importing.Mapping;

namespace ReOptIn.UnitTests.Importing.Mapping;

public sealed class PersonNameTests
{
    [Theory]
    [InlineData("Jane Doe", "Jane", "Doe")]
    [InlineData("Doe, Jane", "Jane", "Doe")]
    [InlineData("Jean-Pierre de la Fontaine", "Jean-Pierre", "de la Fontaine")]
    [InlineData("de la Fontaine, Jean-Pierre", "Jean-Pierre", "de la Fontaine")]
    [InlineData("Ludwig van Beethoven", "Ludwig", "van Beethoven")]
    [InlineData("Charles De Gaulle", "Charles", "De Gaulle")]
    [InlineData("Mary Ann Smith", "Mary Ann", "Smith")]
    [InlineData("Zoë Müller", "Zoë", "Müller")]
    [InlineData("Madonna", "Madonna", null)]
    [InlineData("  Jane   Doe \t", "Jane", "Doe")]
    [InlineData(" Jane ", "Jane", null)]
    [InlineData("Dr. Jane Doe", "Jane", "Doe")]
    [InlineData("Martin Luther King Jr.", "Martin Luther", "King Jr.")]
    [InlineData("Doe, Jane, Jr.", "Jane", "Doe Jr.")]
    [InlineData("Jane Doe, PhD", "Jane", "Doe PhD")]
    [InlineData("Doe,Jane", "Jane", "Doe")]
    [InlineData("Doe ,  Jane Ann", "Jane Ann", "Doe")]
    [InlineData("Jane,", "Jane", null)]
    [InlineData(", Jane Doe", "Jane", "Doe")]
    [InlineData("Pierre d'Artagnan", "Pierre", "d'Artagnan")]
    [InlineData("Al Gore", "Al", "Gore")]
    public void Full_names_split_into_first_and_last(string fullName, string? first, string? last)
    {
        var (actualFirst, actualLast) = PersonName.Split(fullName);

        Assert.Equal(first, actualFirst);
        Assert.Equal(last, actualLast);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" , ")]
    public void Empty_cells_give_no_name(string? fullName) => Assert.Equal((null, null), PersonName.Split(fullName));

    [Fact]
    public void Each_part_is_capped_at_200_characters()
    {
        var longWord = new string('a', 500);

        var (first, last) = PersonName.Split($"{longWord} {longWord}");

        Assert.Equal(PersonName.MaxLength, first!.Length);
        Assert.Equal(PersonName.MaxLength, last!.Length);
    }

    [Fact]
    public void A_cap_never_cuts_a_surrogate_pair_in_half()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 150));

        var (first, _) = PersonName.Split(emoji);

        Assert.True(first!.Length <= PersonName.MaxLength);
        Assert.False(char.IsHighSurrogate(first[^1]));
    }

    [Fact]
    public void A_name_with_very_many_words_still_splits()
    {
        var words = string.Join(' ', Enumerable.Range(0, 100).Select(i => $"W{i}"));

        var (first, last) = PersonName.Split(words);

        Assert.StartsWith("W0 W1", first, StringComparison.Ordinal);
        Assert.NotNull(last);
        Assert.True(first!.Length + last!.Length + 1 <= words.Length);
    }

    [Fact]
    public void Splitting_allocates_only_the_two_results()
    {
        PersonName.Split("Jean-Pierre de la Fontaine");
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            PersonName.Split("Jean-Pierre de la Fontaine");
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 10_000.0;
        // "Jean-Pierre" and "de la Fontaine" are about 48 and 56 bytes.
        Assert.True(perCall <= 120, $"{perCall} bytes per call");
    }
}
