using System.Globalization;
using ReOptIn.Core.Importing.Mapping;

namespace ReOptIn.UnitTests.Importing.Mapping;

public sealed class FlexibleDateTests
{
    [Theory]
    // ISO 8601, year first.
    [InlineData("2024-03-24", "2024-03-24T00:00:00.0000000Z")]
    [InlineData("2024/03/24", "2024-03-24T00:00:00.0000000Z")]
    [InlineData("20240324", "2024-03-24T00:00:00.0000000Z")]
    [InlineData("2024-3-4", "2024-03-04T00:00:00.0000000Z")]
    [InlineData("2024-03-24T10:23", "2024-03-24T10:23:00.0000000Z")]
    [InlineData("2024-03-24T10:23:10Z", "2024-03-24T10:23:10.0000000Z")]
    [InlineData("2024-03-24t10:23:10z", "2024-03-24T10:23:10.0000000Z")]
    [InlineData("2024-03-24T10:23:10.1234567Z", "2024-03-24T10:23:10.1234567Z")]
    [InlineData("2024-03-24T10:23:10.123456789Z", "2024-03-24T10:23:10.1234567Z")]
    [InlineData("2024-03-24T10:23:10+02:00", "2024-03-24T08:23:10.0000000Z")]
    [InlineData("2024-03-24T10:23:10-0530", "2024-03-24T15:53:10.0000000Z")]
    [InlineData("2024-03-24T01:00:00+05", "2024-03-23T20:00:00.0000000Z")]
    [InlineData("2024-12-31T23:30:00-01:00", "2025-01-01T00:30:00.0000000Z")]
    // Mailchimp (UTC without offset), beehiiv, Curated.
    [InlineData("2019-05-02 09:14:00", "2019-05-02T09:14:00.0000000Z")]
    [InlineData("2023-03-24 10:23:10 UTC", "2023-03-24T10:23:10.0000000Z")]
    [InlineData("2021-02-04 07:55:20 +0000", "2021-02-04T07:55:20.0000000Z")]
    [InlineData("2021-02-04 07:55:20 GMT+01:00", "2021-02-04T06:55:20.0000000Z")]
    [InlineData("  2024-03-24  ", "2024-03-24T00:00:00.0000000Z")]
    // Unix time.
    [InlineData("1711275790", "2024-03-24T10:23:10.0000000Z")]
    [InlineData("1711275790123", "2024-03-24T10:23:10.1230000Z")]
    [InlineData("100000000", "1973-03-03T09:46:40.0000000Z")]
    // European, day first.
    [InlineData("24/03/2024", "2024-03-24T00:00:00.0000000Z")]
    [InlineData("24.03.2024", "2024-03-24T00:00:00.0000000Z")]
    [InlineData("24-03-2024", "2024-03-24T00:00:00.0000000Z")]
    [InlineData("4.3.2024", "2024-03-04T00:00:00.0000000Z")]
    [InlineData("24.03.2024 10:23", "2024-03-24T10:23:00.0000000Z")]
    [InlineData("24/03/2024, 10:23:10", "2024-03-24T10:23:10.0000000Z")]
    [InlineData("03/04/2024", "2024-04-03T00:00:00.0000000Z")]
    [InlineData("29/02/2024", "2024-02-29T00:00:00.0000000Z")]
    // United States, month first, only when the day is above 12.
    [InlineData("03/24/2024", "2024-03-24T00:00:00.0000000Z")]
    [InlineData("3/24/2024 10:23 PM", "2024-03-24T22:23:00.0000000Z")]
    [InlineData("3/24/2024 12:05:00 AM", "2024-03-24T00:05:00.0000000Z")]
    public void Accepted_forms_are_read_as_utc(string text, string expected)
    {
        Assert.True(FlexibleDate.TryParseUtc(text, out var utc));

        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(expected, utc.ToString("O", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("garbage")]
    [InlineData("yesterday")]
    [InlineData("March 24, 2024")]
    [InlineData("24 Mar 2024")]
    [InlineData("2024-13-01")]
    [InlineData("2023-02-29")]
    [InlineData("31/02/2024")]
    [InlineData("13/13/2024")]
    [InlineData("03.24.2024")]
    [InlineData("24/03/24")]
    [InlineData("0/0/00")]
    [InlineData("0000-00-00")]
    [InlineData("0001-01-01")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31")]
    [InlineData("24/03-2024")]
    [InlineData("2024-03/24")]
    [InlineData("2024-03-24T")]
    [InlineData("2024-03-24T25:00")]
    [InlineData("2024-03-24T10:60")]
    [InlineData("2024-03-24T10:5")]
    [InlineData("2024-03-24T10:23:61")]
    [InlineData("2024-03-24T10:23:10.")]
    [InlineData("2024-03-24T10:23:10+15:00")]
    [InlineData("2024-03-24T10:23:10+02:60")]
    [InlineData("2024-03-24T10:23:10Zjunk")]
    [InlineData("2024-03-24 10:23:10 CET")]
    [InlineData("2024-03-24 13:00 PM")]
    [InlineData("2024-03-242")]
    [InlineData("12345")]
    [InlineData("45000")]
    [InlineData("99999999")]
    [InlineData("12345678901")]
    [InlineData("99999999999999")]
    [InlineData("-1711275790")]
    [InlineData("1e9")]
    [InlineData("2024-03-24 2024-03-25")]
    public void Garbage_is_rejected(string? text)
    {
        Assert.False(FlexibleDate.TryParseUtc(text, out var utc));
        Assert.Equal(default, utc);
    }

    [Fact]
    public void An_ambiguous_slash_date_is_day_first_unless_the_column_is_month_first()
    {
        Assert.True(FlexibleDate.TryParseUtc("03/04/2024", out var dayFirst));
        Assert.True(FlexibleDate.TryParseUtc("03/04/2024", DateOrder.MonthFirst, out var monthFirst));
        Assert.True(FlexibleDate.TryParseUtc("24/03/2024", DateOrder.MonthFirst, out var stillDayFirst));
        Assert.True(FlexibleDate.TryParseUtc("03.04.2024", DateOrder.MonthFirst, out var dotted));

        Assert.Equal(new DateTime(2024, 4, 3, 0, 0, 0, DateTimeKind.Utc), dayFirst);
        Assert.Equal(new DateTime(2024, 3, 4, 0, 0, 0, DateTimeKind.Utc), monthFirst);
        Assert.Equal(new DateTime(2024, 3, 24, 0, 0, 0, DateTimeKind.Utc), stillDayFirst);
        Assert.Equal(new DateTime(2024, 4, 3, 0, 0, 0, DateTimeKind.Utc), dotted);
    }

    [Theory]
    [InlineData(new[] { "03/04/2024", "03/24/2024", "" }, DateOrder.MonthFirst)]
    [InlineData(new[] { "03/04/2024", "24/03/2024" }, DateOrder.DayFirst)]
    [InlineData(new[] { "03/24/2024", "24/03/2024" }, DateOrder.DayFirst)]
    [InlineData(new[] { "03/04/2024", "05/06/2024" }, DateOrder.DayFirst)]
    [InlineData(new[] { "2024-03-24", "garbage" }, DateOrder.DayFirst)]
    public void The_order_of_a_column_is_guessed_from_its_unambiguous_dates(string[] samples, DateOrder expected) =>
        Assert.Equal(expected, FlexibleDate.GuessOrder(samples));

    [Fact]
    public void Parsing_does_not_allocate()
    {
        string[] samples = ["2024-03-24T10:23:10.123+02:00", "24.03.2024 10:23", "03/24/2024 10:23 PM", "1711275790", "garbage", "2023-03-24 10:23:10 UTC"];
        foreach (var sample in samples)
        {
            Assert.Equal(sample != "garbage", FlexibleDate.TryParseUtc(sample, out _));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var parsed = 0;
        for (var i = 0; i < 10_000; i++)
        {
            parsed += FlexibleDate.TryParseUtc(samples[i % samples.Length], out _) ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal((1_666 * 5) + 4, parsed);
        Assert.True(allocated < 1_000, $"{allocated} bytes allocated for 10,000 dates");
    }
}
