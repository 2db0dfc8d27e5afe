using System.Globalization;

namespace ReOptIn.Data.Sqlite;

/// <summary>
/// A time as EF Core and Microsoft.Data.Sqlite store it (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>: the fraction
/// without trailing zeros, and without its dot when it is zero), so that queries compare it correctly.
/// Written as UTF-8 digits by hand for the import's per-row times: the custom format string is parsed
/// on every call otherwise.
/// </summary>
internal static class SqliteTimeText
{
    public const string Format = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    /// <summary>The most bytes <see cref="WriteUtf8"/> writes.</summary>
    public const int MaxLength = 27;

    public static string Of(DateTime utc) => utc.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Writes <paramref name="utc"/> into <paramref name="into"/> (at least <see cref="MaxLength"/> bytes); returns the length.</summary>
    public static int WriteUtf8(DateTime utc, Span<byte> into)
    {
        Digits(into[..4], utc.Year);
        into[4] = (byte)'-';
        Digits(into.Slice(5, 2), utc.Month);
        into[7] = (byte)'-';
        Digits(into.Slice(8, 2), utc.Day);
        into[10] = (byte)' ';
        Digits(into.Slice(11, 2), utc.Hour);
        into[13] = (byte)':';
        Digits(into.Slice(14, 2), utc.Minute);
        into[16] = (byte)':';
        Digits(into.Slice(17, 2), utc.Second);
        var fraction = (int)(utc.Ticks % TimeSpan.TicksPerSecond);
        if (fraction == 0) return 19;
        var digits = 7;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }
        into[19] = (byte)'.';
        Digits(into.Slice(20, digits), fraction);
        return 20 + digits;
    }

    private static void Digits(Span<byte> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
