using Microsoft.Data.Sqlite;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ReOptIn.Core.Data;

/// <summary>Whether a database error is a unique-key violation, on any of the three providers.</summary>
public static class UniqueViolation
{
    public static bool Is(Exception e) => (e is DbUpdateException ? e.InnerException : e) switch
    {
        SqliteException s => s.SqliteErrorCode == 19,                 // SQLITE_CONSTRAINT
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        SqlException s => s.Number is 2627 or 2601,                   // PK / unique index
        _ => false,
    };
}
