namespace ReOptIn.Core.Importing.Mapping;

/// <summary>How to read a date such as 03/04/2024 whose first two numbers could each be the day.</summary>
public enum DateOrder
{
    /// <summary>03/04/2024 is 3 April (European). The default.</summary>
    DayFirst,

    /// <summary>03/04/2024 is 4 March (United States). Use when a column is known to be American, see <see cref="FlexibleDate.GuessOrder"/>.</summary>
    MonthFirst,
}

/// <summary>
/// Reads the dates of last-mailed and consent columns, as exports write them, into UTC.
/// Per-row code: no regular expressions and no allocations.
/// </summary>
/// <remarks>
/// <para>Accepted forms (leading and trailing white space is ignored):</para>
/// <list type="bullet">
/// <item>ISO 8601 and the like, year first: <c>2024-03-24</c>, <c>2024/03/24</c>, <c>20240324</c>,
/// <c>2024-03-24T10:23</c>, <c>2024-03-24T10:23:10.123Z</c>, <c>2024-03-24T10:23:10+02:00</c>,
/// <c>2024-03-24 10:23:10</c> (Mailchimp), <c>2024-03-24 10:23:10 UTC</c> (beehiiv),
/// <c>2021-02-04 07:55:20 +0000</c> (Curated). Offsets may be written <c>Z</c>, <c>UTC</c>, <c>GMT</c>,
/// <c>+hh</c>, <c>+hhmm</c> or <c>+hh:mm</c> (at most 14 hours).</item>
/// <item>Day first: <c>24/03/2024</c>, <c>24.03.2024</c>, <c>24-03-2024</c>, each optionally followed by a
/// time (<c>24.03.2024 10:23</c>, <c>24/03/2024, 10:23:10</c>).</item>
/// <item>Month first (<c>03/24/2024</c>) only when it cannot be day first, i.e. the second number is above 12,
/// or when the caller passes <see cref="DateOrder.MonthFirst"/>. A dotted date (<c>03.04.2024</c>) is always
/// day first. So by default <c>03/04/2024</c> is 3 April.</item>
/// <item>A time may carry <c>AM</c>/<c>PM</c> (<c>3/24/2024 10:23 PM</c>).</item>
/// <item>Unix time: 9 or 10 digits are seconds, 12 or 13 digits are milliseconds (from 1973 on).</item>
/// </list>
/// <para>A date or time without an offset is taken as UTC (Mailchimp writes UTC that way).
/// Two-digit years, month names, years before 1900 or after 2199 (such as the <c>0000-00-00</c> and
/// <c>0001-01-01</c> "empty" markers, or Outlook's <c>0/0/00</c>) and anything else are rejected.</para>
/// </remarks>
public static class FlexibleDate
{
    private const int MinYear = 1900;
    private const int MaxYear = 2199;
    private static readonly long MaxUnixSeconds = (long)(new DateTime(MaxYear + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds;

    /// <summary>Reads <paramref name="text"/> with ambiguous slash dates taken as day first.</summary>
    public static bool TryParseUtc(string? text, out DateTime utc) => TryParseUtc(text.AsSpan(), DateOrder.DayFirst, out utc);

    /// <summary>Reads <paramref name="text"/>; <paramref name="ambiguousOrder"/> decides dates such as 03/04/2024.</summary>
    public static bool TryParseUtc(string? text, DateOrder ambiguousOrder, out DateTime utc) =>
        TryParseUtc(text.AsSpan(), ambiguousOrder, out utc);

    /// <summary>Reads <paramref name="text"/>; <paramref name="ambiguousOrder"/> decides dates such as 03/04/2024.</summary>
    public static bool TryParseUtc(ReadOnlySpan<char> text, DateOrder ambiguousOrder, out DateTime utc)
    {
        utc = default;
        var s = text.Trim();
        if (s.IsEmpty || s.Length > 64)
        {
            return false;
        }

        if (IsDigits(s))
        {
            return TryDigitsOnly(s, out utc);
        }

        int year, month, day, pos;
        if (s.Length >= 8 && IsDigits(s[..4]) && s[4] is '-' or '/')
        {
            var separator = s[4];
            pos = 5;
            if (!TryNumber(s, ref pos, 1, 2, out month) || pos >= s.Length || s[pos] != separator)
            {
                return false;
            }

            pos++;
            if (!TryNumber(s, ref pos, 1, 2, out day))
            {
                return false;
            }

            year = Number(s[..4]);
        }
        else
        {
            pos = 0;
            if (!TryNumber(s, ref pos, 1, 2, out var first) || pos >= s.Length || s[pos] is not ('/' or '.' or '-'))
            {
                return false;
            }

            var separator = s[pos++];
            if (!TryNumber(s, ref pos, 1, 2, out var second) || pos >= s.Length || s[pos] != separator)
            {
                return false;
            }

            pos++;
            if (!TryNumber(s, ref pos, 4, 4, out year))
            {
                return false;
            }

            var monthFirst = separator != '.' && (second > 12 || (ambiguousOrder == DateOrder.MonthFirst && first <= 12));
            (month, day) = monthFirst ? (first, second) : (second, first);
        }

        if (year is < MinYear or > MaxYear || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var date = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc);
        if (pos == s.Length)
        {
            utc = date;
            return true;
        }

        // Date and time are separated by 'T', a space, or ", ".
        if (s[pos] is 'T' or 't')
        {
            pos++;
        }
        else
        {
            if (s[pos] == ',')
            {
                pos++;
            }

            if (pos >= s.Length || s[pos] != ' ')
            {
                return false;
            }

            SkipSpaces(s, ref pos);
        }

        if (!TryTime(s, ref pos, out var timeOfDay) || !TryOffset(s, ref pos, out var offset) || pos != s.Length)
        {
            return false;
        }

        var result = date.Add(timeOfDay).Subtract(offset);
        if (result.Year is < MinYear or > MaxYear)
        {
            return false;
        }

        utc = DateTime.SpecifyKind(result, DateTimeKind.Utc);
        return true;
    }

    /// <summary>
    /// For a whole column: <see cref="DateOrder.MonthFirst"/> when some slash or dash dates can only be month
    /// first (03/24/2024) and none can only be day first (24/03/2024); otherwise <see cref="DateOrder.DayFirst"/>.
    /// </summary>
    public static DateOrder GuessOrder(IEnumerable<string?> samples)
    {
        var monthFirst = false;
        foreach (var sample in samples)
        {
            var s = sample.AsSpan().Trim();
            var pos = 0;
            if (!TryNumber(s, ref pos, 1, 2, out var first) || pos >= s.Length || s[pos] is not ('/' or '-'))
            {
                continue;
            }

            pos++;
            if (!TryNumber(s, ref pos, 1, 2, out var second))
            {
                continue;
            }

            if (first > 12 && second <= 12)
            {
                return DateOrder.DayFirst;
            }

            if (second > 12 && first <= 12)
            {
                monthFirst = true;
            }
        }

        return monthFirst ? DateOrder.MonthFirst : DateOrder.DayFirst;
    }

    private static bool TryDigitsOnly(ReadOnlySpan<char> s, out DateTime utc)
    {
        utc = default;
        switch (s.Length)
        {
            case 8:
                // Basic ISO 8601: yyyyMMdd.
                var year = Number(s[..4]);
                var month = Number(s[4..6]);
                var day = Number(s[6..]);
                if (year is < MinYear or > MaxYear || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
                {
                    return false;
                }

                utc = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc);
                return true;
            case 9 or 10:
                return TryUnix(LongNumber(s), 1, out utc);
            case 12 or 13:
                return TryUnix(LongNumber(s), 1000, out utc);
            default:
                return false;
        }
    }

    private static bool TryUnix(long value, long perSecond, out DateTime utc)
    {
        utc = default;
        var seconds = value / perSecond;
        if (seconds < 100_000_000 || seconds >= MaxUnixSeconds)
        {
            return false;
        }

        utc = DateTime.UnixEpoch.AddTicks(value * (TimeSpan.TicksPerSecond / perSecond));
        return true;
    }

    /// <summary>H[H]:mm[:ss[.fffffff…]] [AM|PM]</summary>
    private static bool TryTime(ReadOnlySpan<char> s, ref int pos, out TimeSpan time)
    {
        time = default;
        if (!TryNumber(s, ref pos, 1, 2, out var hour) || pos >= s.Length || s[pos] != ':')
        {
            return false;
        }

        pos++;
        if (!TryNumber(s, ref pos, 2, 2, out var minute))
        {
            return false;
        }

        var second = 0;
        long fraction = 0;
        if (pos < s.Length && s[pos] == ':')
        {
            pos++;
            if (!TryNumber(s, ref pos, 2, 2, out second))
            {
                return false;
            }

            if (pos < s.Length && s[pos] is '.' or ',')
            {
                pos++;
                var start = pos;
                long scale = TimeSpan.TicksPerSecond;
                while (pos < s.Length && char.IsAsciiDigit(s[pos]))
                {
                    if (scale > 1)
                    {
                        scale /= 10;
                        fraction += (s[pos] - '0') * scale;
                    }

                    pos++;
                }

                if (pos == start)
                {
                    return false;
                }
            }
        }

        var save = pos;
        SkipSpaces(s, ref pos);
        if (pos + 1 < s.Length && (s[pos] is 'A' or 'a' or 'P' or 'p') && s[pos + 1] is 'M' or 'm'
            && (pos + 2 == s.Length || !char.IsAsciiLetter(s[pos + 2])))
        {
            if (hour is < 1 or > 12)
            {
                return false;
            }

            var pm = s[pos] is 'P' or 'p';
            hour = (hour % 12) + (pm ? 12 : 0);
            pos += 2;
        }
        else
        {
            pos = save;
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new TimeSpan(hour, minute, second).Add(TimeSpan.FromTicks(fraction));
        return true;
    }

    /// <summary>Nothing, or [spaces] Z | UTC | GMT | ±hh[[:]mm].</summary>
    private static bool TryOffset(ReadOnlySpan<char> s, ref int pos, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        SkipSpaces(s, ref pos);
        if (pos == s.Length)
        {
            return true;
        }

        var rest = s[pos..];
        if (rest is "Z" or "z")
        {
            pos = s.Length;
            return true;
        }

        if (rest.Equals("UTC", StringComparison.OrdinalIgnoreCase) || rest.Equals("GMT", StringComparison.OrdinalIgnoreCase))
        {
            pos = s.Length;
            return true;
        }

        if (rest.StartsWith("UTC", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("GMT", StringComparison.OrdinalIgnoreCase))
        {
            pos += 3;
        }

        if (pos >= s.Length || s[pos] is not ('+' or '-'))
        {
            return false;
        }

        var negative = s[pos] == '-';
        pos++;
        if (!TryNumber(s, ref pos, 2, 2, out var hours, mayRunOn: true))
        {
            return false;
        }

        var minutes = 0;
        if (pos < s.Length)
        {
            if (s[pos] == ':')
            {
                pos++;
            }

            if (!TryNumber(s, ref pos, 2, 2, out minutes))
            {
                return false;
            }
        }

        if (minutes > 59 || hours * 60 + minutes > 14 * 60)
        {
            return false;
        }

        offset = new TimeSpan(negative ? -hours : hours, negative ? -minutes : minutes, 0);
        return true;
    }

    private static bool TryNumber(ReadOnlySpan<char> s, ref int pos, int minDigits, int maxDigits, out int value, bool mayRunOn = false)
    {
        value = 0;
        var start = pos;
        while (pos < s.Length && pos - start < maxDigits && char.IsAsciiDigit(s[pos]))
        {
            value = (value * 10) + (s[pos] - '0');
            pos++;
        }

        var count = pos - start;
        // A number must end here ("2024" is not "20" followed by "24"), except the hours of a "+0530" offset.
        return count >= minDigits && (mayRunOn || pos == s.Length || !char.IsAsciiDigit(s[pos]));
    }

    private static void SkipSpaces(ReadOnlySpan<char> s, ref int pos)
    {
        while (pos < s.Length && s[pos] == ' ')
        {
            pos++;
        }
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }

    private static int Number(ReadOnlySpan<char> digits)
    {
        var value = 0;
        foreach (var c in digits)
        {
            value = (value * 10) + (c - '0');
        }

        return value;
    }

    private static long LongNumber(ReadOnlySpan<char> digits)
    {
        long value = 0;
        foreach (var c in digits)
        {
            value = (value * 10) + (c - '0');
        }

        return value;
    }
}
