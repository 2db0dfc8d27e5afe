using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ReOptIn.Data.Sqlite;

/// <summary>One prepared native statement, run many times with new bindings; finalized on dispose.</summary>
internal sealed class NativeStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public NativeStatement(sqlite3 db, string sql)
    {
        _db = db;
        Check(raw.sqlite3_prepare_v2(db, sql, out _statement));
        Pointer = _statement.DangerousGetHandle();
    }

    /// <summary>The statement for <see cref="SqliteNative"/>'s calls; valid until this is disposed.</summary>
    public IntPtr Pointer { get; }

    // UTF-16 straight from the string: SQLite converts it while building the record, no managed copy.
    // (An empty string is bound as UTF-8: an empty span would reach SQLite as a null pointer, that is NULL.)
    public void BindText(int index, string? value) => Check(value switch
    {
        null => raw.sqlite3_bind_null(_statement, index),
        "" => raw.sqlite3_bind_text(_statement, index, ""),
        _ => raw.sqlite3_bind_text16(_statement, index, value.AsSpan()),
    });

    public void BindInt64(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Runs a statement that returns no row.</summary>
    public void Run()
    {
        var rc = SqliteNative.Step(Pointer);
        if (rc != raw.SQLITE_DONE)
        {
            try
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
            finally
            {
                _ = SqliteNative.Reset(Pointer); // returns the step's error again
            }
        }
        _ = SqliteNative.Reset(Pointer); // returns the step's error again
    }

    /// <summary>Steps through any rows (a pragma that sets a value also returns it).</summary>
    public void RunToEnd()
    {
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW) { }
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public long RunScalarInt64()
    {
        var rc = raw.sqlite3_step(_statement);
        try
        {
            if (rc == raw.SQLITE_DONE) throw new InvalidOperationException("The statement returned no row.");
            if (rc != raw.SQLITE_ROW) SqliteException.ThrowExceptionForRC(rc, _db);
            return raw.sqlite3_column_int64(_statement, 0);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Dispose() => _statement.Dispose();
}
