using System.Text;
using ReOptIn.Data.Sqlite;

namespace ReOptIn.UnitTests.Data;

/// <summary>The import writer's hand-written time text must be exactly what EF Core stores, or SQL comparisons of times break.</summary>
public sealed class SqliteTimeTextTests
{
    [Theory]
    [InlineData(2024, 3, 2, 10, 23, 45, 0)] // no fraction: no dot either
    [InlineData(2025, 1, 31, 0, 0, 0, 1)] // one tick
    [InlineData(1, 1, 1, 0, 0, 0, 0)]
    [InlineData(9999, 12, 31, 23, 59, 59, 9_999_999)]
    [InlineData(2026, 11, 27, 18, 5, 9, 1_200_000)] // trailing zeros trimmed
    [InlineData(987, 6, 5, 4, 3, 2, 10)]
    public void Writes_what_the_custom_format_writes(int year, int month, int day, int hour, int minute, int second, int ticks)
    {
        var time = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
        Assert.Equal(SqliteTimeText.Of(time), Utf8(time));
    }

    [Fact]
    public void Agrees_with_the_custom_format_on_many_random_times()
    {
        var random = new Random(7);
        for (var i = 0; i < 100_000; i++)
        {
            var time = new DateTime(random.NextInt64(DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            if (i % 3 == 0) time = time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond)); // whole seconds, as most imported dates are
            Assert.Equal(SqliteTimeText.Of(time), Utf8(time));
        }
    }

    private static string Utf8(DateTime time)
    {
        Span<byte> text = stackalloc byte[SqliteTimeText.MaxLength];
        return Encoding.UTF8.GetString(text[..SqliteTimeText.WriteUtf8(time, text)]);
    }
}
