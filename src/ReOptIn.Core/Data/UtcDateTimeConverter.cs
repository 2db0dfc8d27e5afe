using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ReOptIn.Core.Data;

/// <summary>
/// Every time is stored as UTC. SQLite and SQL Server hand back <see cref="DateTimeKind.Unspecified"/>;
/// this marks them UTC again on the way in, and refuses a local time on the way out.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => ToUtc(v),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc))
{
    private static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => throw new ArgumentException("Times are stored as UTC; convert local times first.", nameof(value)),
    };
}
