using Microsoft.Data.Sqlite;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace ReOptIn.Core.Data;

/// <summary>
/// Whether a database error means "another transaction got there first; try again": a serialization
/// failure or deadlock (PostgreSQL), a deadlock victim (SQL Server), a busy or locked database (SQLite),
/// or a unique key the other transaction has just taken.
/// </summary>
public static class WriteConflict
{
    public static bool Is(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            var conflict = current switch
            {
                PostgresException p => p.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected,
                SqlException s => s.Number == 1205,
                SqliteException s => s.SqliteErrorCode is 5 or 6,   // SQLITE_BUSY, SQLITE_LOCKED
                _ => false,
            };
            if (conflict || UniqueViolation.Is(current)) return true;
        }
        return false;
    }
}
