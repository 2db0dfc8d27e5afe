using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ReOptIn.Core.Data;

/// <summary>
/// Hot statements as plain ADO.NET commands on a context's connection, inside its current transaction
/// (ADR-0020's second addendum, ADR-0025): EF's raw-SQL and LINQ paths cost more than such statements
/// themselves. Values are bound as EF binds them: times as UTC <see cref="DateTime"/> (SQLite's text
/// format, PostgreSQL's <c>timestamp with time zone</c>, SQL Server's <c>datetime2</c>), null as
/// <see cref="DBNull"/>; callers pass enums by name (ADR-0003). On SQLite a statement is prepared once
/// per connection and reused for as long as the connection stays open (the group commit keeps its own
/// open, ADR-0010), and finalised when it closes.
/// </summary>
internal static class PlainCommands
{
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> Prepared = new();

    /// <summary>Runs <paramref name="sql"/> with <paramref name="values"/> bound by name; returns the rows changed.</summary>
    public static async Task<int> ExecuteAsync(ReOptInDb db, string sql, CancellationToken ct, params (string Name, object? Value)[] values)
    {
        var (command, owned) = Bind(db, sql, values.Length, i => values[i].Name, i => values[i].Value);
        try
        {
            return await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await ReleaseAsync(command, owned);
        }
    }

    /// <summary>Runs <paramref name="sql"/>, whose parameters are <c>@p0</c>, <c>@p1</c>… in the order of <paramref name="values"/>.</summary>
    public static async Task<int> ExecuteAsync(ReOptInDb db, string sql, IReadOnlyList<object?> values, CancellationToken ct)
    {
        var (command, owned) = Bind(db, sql, values.Count, Positional, i => values[i]);
        try
        {
            return await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await ReleaseAsync(command, owned);
        }
    }

    /// <summary>Reads the rows of <paramref name="sql"/> (parameters <c>@p0</c>, <c>@p1</c>…) with <paramref name="read"/>.</summary>
    public static async Task<List<T>> QueryAsync<T>(ReOptInDb db, string sql, IReadOnlyList<object?> values, Func<DbDataReader, T> read, CancellationToken ct)
    {
        var (command, owned) = Bind(db, sql, values.Count, Positional, i => values[i]);
        try
        {
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) rows.Add(read(reader));
            return rows;
        }
        finally
        {
            await ReleaseAsync(command, owned);
        }
    }

    /// <summary>
    /// Disposes a command made for one use; a kept one lets go of its values, which would otherwise stay
    /// reachable from it until its next use and be promoted by the garbage collector in the meantime.
    /// </summary>
    private static ValueTask ReleaseAsync(DbCommand command, bool owned)
    {
        if (owned) return command.DisposeAsync();
        foreach (DbParameter parameter in command.Parameters) parameter.Value = DBNull.Value;
        return ValueTask.CompletedTask;
    }

    /// <summary>The name of the <paramref name="index"/>th positional parameter.</summary>
    public static string Positional(int index) => Names.Length > index ? Names[index] : "@p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string[] Names = [.. Enumerable.Range(0, 256).Select(i => "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>A command for <paramref name="sql"/> in the context's transaction with the values set; owned: the caller disposes it.</summary>
    private static (DbCommand Command, bool Owned) Bind(ReOptInDb db, string sql, int count, Func<int, string> name, Func<int, object?> value)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Plain commands run inside the context's transaction (a unit of work, GroupCommit).");
        var connection = transaction.Connection!;
        var sqlite = connection is Microsoft.Data.Sqlite.SqliteConnection;
        var (command, owned) = sqlite && PreparedCommand(connection, sql, count, name) is { } kept ? (kept, false)
            : (NewCommand(connection, sql, count, name, !sqlite && db.Database.IsSqlServer() ? value : null), true);
        command.Transaction = transaction;
        for (var i = 0; i < count; i++) command.Parameters[i].Value = Stored(value(i));
        return (command, owned);
    }

    /// <summary>Statements kept per connection at most: the forms are few (by group size and excluded domains), but not fixed.</summary>
    private const int MaxKept = 256;

    /// <summary>The connection's prepared command for <paramref name="sql"/>, or null when it keeps <see cref="MaxKept"/> already.</summary>
    private static DbCommand? PreparedCommand(DbConnection connection, string sql, int count, Func<int, string> name)
    {
        var commands = Prepared.GetValue(connection, static c =>
        {
            var commands = new Dictionary<string, DbCommand>(StringComparer.Ordinal);
            // Closing the connection finalises its statements: the commands go with them.
            c.StateChange += (_, e) =>
            {
                if (e.CurrentState == ConnectionState.Open) return;
                lock (commands)
                {
                    foreach (var command in commands.Values) command.Dispose();
                    commands.Clear();
                }
            };
            return commands;
        });
        lock (commands)
        {
            if (commands.TryGetValue(sql, out var command) && command.Parameters.Count == count) return command;
            if (commands.Count >= MaxKept) return null;
            command = NewCommand(connection, sql, count, name, sqlServerValues: null);
            command.Prepare();
            commands[sql] = command;
            return command;
        }
    }

    /// <param name="sqlServerValues">On SQL Server, the values: a time is bound as <c>datetime2</c>.</param>
    private static DbCommand NewCommand(DbConnection connection, string sql, int count, Func<int, string> name, Func<int, object?>? sqlServerValues)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name(i);
            // EF's SQL Server mapping of DateTime is datetime2 (ADO.NET's default, datetime, would round to 3 ms).
            // PostgreSQL and SQLite infer it from the UTC value: timestamp with time zone, and SQLite's text format.
            if (sqlServerValues?.Invoke(i) is DateTime) parameter.DbType = DbType.DateTime2;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>A null as DBNull; a time must be UTC (ADR-0003, as UtcDateTimeConverter refuses a local one).</summary>
    private static object Stored(object? value) => value switch
    {
        null => DBNull.Value,
        DateTime { Kind: DateTimeKind.Local } => throw new ArgumentException("Times are stored as UTC; convert local times first."),
        DateTime { Kind: DateTimeKind.Unspecified } t => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        _ => value,
    };
}
