using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ReOptIn.Core.Data;

/// <summary>
/// SQLite in write-ahead-log mode: readers do not block the writer (pages stay responsive during an
/// import or a send), and a commit appends to the log instead of rewriting the journal. Commits stay
/// fully synchronous: a recorded "sending" must survive a power cut, or an address could be asked twice.
/// A writer that finds the database busy waits inside SQLite (in steps of a few milliseconds) rather
/// than in Microsoft.Data.Sqlite's retry loop, which sleeps 150 ms at a time. Reads go through a
/// memory map of up to 256 MiB (the operating system's page cache, shared by every connection) rather
/// than a read call per 4 KiB page: a report's pass over a million index entries costs half the CPU.
/// Temporary tables of a statement (a materialised sub-select, an UPDATE … FROM's pairs, a statement
/// journal) stay in memory: in a temporary file SQLite spent three to five times the CPU on the sending
/// worker's claim (ADR-0024). The cost: a statement that sorts or groups many rows without an index
/// holds them in memory rather than in a temporary file (the import's own connection already does).
/// </summary>
/// <remarks>
/// EF Core opens and closes the connection around each query, and Microsoft.Data.Sqlite hands back
/// the same native connection from its pool: the settings are made once per native connection (they
/// stay with it), not at every open, where they cost a public page a quarter of its CPU.
/// </remarks>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;";

    /// <summary>The native connections already set up; an entry goes with its connection.</summary>
    private static readonly ConditionalWeakTable<object, object> Configured = new();

    private static readonly object Done = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsConfigured(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        MarkConfigured(connection);
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ApplyAsync(connection, cancellationToken);

    /// <summary>The same settings for a connection opened outside EF Core (the landing page's <see cref="Confirming.LinkReader"/>).</summary>
    public static async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (IsConfigured(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        MarkConfigured(connection);
    }

    private static bool IsConfigured(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && Configured.TryGetValue(handle, out _);

    private static void MarkConfigured(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle }) Configured.AddOrUpdate(handle, Done);
    }
}
