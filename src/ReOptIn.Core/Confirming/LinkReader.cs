using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;
using ReOptIn.Core.Security;

namespace ReOptIn.Core.Confirming;

/// <summary>What the landing page needs of a link: the request, the contact's name and address, the campaign's form, the sender's name.</summary>
public sealed record LinkView(
    long RequestId, RequestState State, DateTime? SentAt, long? ContactId, string? Email, string? FirstName, string? LastName,
    CampaignStatus CampaignStatus, DateTime? EffectiveDeadline, string Language, string CampaignName, string? Purpose,
    bool AskName, string? InterestOptions, string ConsentStatement, string? SenderFromName)
{
    public string SenderName => SenderFromName is { Length: > 0 } name ? name : CampaignName;

    /// <summary>
    /// True when the landing page shows the form: the contact still exists, the campaign takes
    /// answers, and the request can still become Confirmed. Everything else (already confirmed,
    /// declined, closed, erased) is a rarer page that <see cref="ConfirmationService"/> handles.
    /// </summary>
    public bool ShowsForm(DateTime now) =>
        ContactId is not null && Email is not null
        && CampaignStatus != CampaignStatus.Closed && !(EffectiveDeadline <= now)
        && !StateTransitions.IsConsent(State) && !StateTransitions.Suppresses(State)
        && StateTransitions.CanMove(State, RequestState.Confirmed);
}

/// <summary>
/// What a confirmation needs besides the <see cref="LinkView"/>: the receipt's facts about the
/// campaign and the message, the thank-you page's incentive, and the visits' evidence, all read
/// in the link's one statement (<see cref="LinkReader.FindForConfirmationAsync"/>).
/// </summary>
public sealed record ConfirmationLink(
    LinkView Link, int CampaignId, int ConsentVersion, string? ApprovedContentHash, string? MessageId,
    string? IncentiveCode, string? IncentiveDescription, VisitEvidence Evidence);

/// <summary>
/// The landing page's link lookup as one plain ADO.NET statement, without a DbContext (ADR-0020):
/// the page's most frequent read, where EF's context start-up and materialisation cost more than
/// the statement itself. On SQLite a few connections stay open, each with the statement prepared
/// once; on PostgreSQL and SQL Server each lookup takes a connection from the provider's pool.
/// The columns are those of EF's model (tables "Requests", "Contacts", "Campaigns", "Senders").
/// </summary>
public sealed class LinkReader(DatabaseOptions options) : IDisposable
{
    // The columns LinkView reads, by position (Read), and the tables they come from; {0} the stored hash the token's secret is checked against.
    private const string LinkColumns = """
        r."Id", r."State", r."SentAt", {0}, r."ContactId", p."Email", p."FirstName", p."LastName",
            c."Status", c."Deadline", c."LaunchedAt", c."Language", c."Name", c."Purpose", c."AskName", c."InterestOptions",
            c."ConsentStatement", s."FromName"
        """;

    private const string LinkTables = """
        FROM "Requests" r
        INNER JOIN "Campaigns" c ON c."Id" = r."CampaignId"
        LEFT JOIN "Contacts" p ON p."Id" = r."ContactId"
        LEFT JOIN "Senders" s ON s."Id" = c."SenderProfileId"
        """;

    // A token with the request's id finds the row by its key and is checked against LinkHash; an older token
    // (the secret alone) is found by its hash, TokenHash (ADR-0025). Either way the stored hash is column 3.
    private static readonly (string StoredHash, string Where) ById = ("r.\"LinkHash\"", "WHERE r.\"Id\" = @key");
    private static readonly (string StoredHash, string Where) ByHash = ("r.\"TokenHash\"", "WHERE r.\"TokenHash\" = @key");

    private const string Sql = $"SELECT {LinkColumns}\n{LinkTables}";

    /// <summary>The same, with what a confirmation's receipt and thank-you page add (ADR-0020, the POST; read by ReadConfirmation from position 18).</summary>
    private const string ConfirmationSql = $"""
        SELECT {LinkColumns},
            c."Id", c."ConsentVersion", c."ApprovedContentHash", r."MessageId", c."IncentiveCode", c."IncentiveDescription",
            (SELECT COUNT(*) FROM "RequestVisits" v WHERE v."RequestId" = r."Id"),
            (SELECT COUNT(*) FROM "RequestVisits" v WHERE v."RequestId" = r."Id" AND v."AutomatedReason" IS NOT NULL),
            (SELECT MIN(v."At") FROM "RequestVisits" v WHERE v."RequestId" = r."Id")
        {LinkTables}
        """;

    private static string Statement(string sql, (string StoredHash, string Where) by) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, by.StoredHash) + "\n" + by.Where;

    /// <summary>Open SQLite connections kept beyond this go back closed (to Microsoft.Data.Sqlite's pool).</summary>
    private static readonly int MaxKept = Math.Max(4, Environment.ProcessorCount * 4);

    private readonly ConcurrentQueue<Lookup> _kept = new();
    private bool _disposed;

    /// <summary>The link behind <paramref name="token"/>, or null when no request has it (or it is malformed).</summary>
    public Task<LinkView?> FindAsync(string? token, CancellationToken ct) => FindAsync(token, confirmation: false, Read, ct);

    /// <summary>The link with what a confirmation writes into its receipt (visit evidence included), or null.</summary>
    public Task<ConfirmationLink?> FindForConfirmationAsync(string? token, CancellationToken ct) =>
        FindAsync(token, confirmation: true, ReadConfirmation, ct);

    private async Task<T?> FindAsync<T>(string? token, bool confirmation, Func<DbDataReader, T> read, CancellationToken ct) where T : class
    {
        if (!ConfirmationService.LooksLikeToken(token)) return null;
        var link = LinkToken.Parse(token!);
        var lookup = options.Provider == DatabaseProvider.Sqlite && _kept.TryDequeue(out var kept) ? kept : await OpenAsync(ct);
        var reusable = false;
        try
        {
            var (command, key) = lookup.For(confirmation, byId: link.RequestId is not null);
            key.Value = link.RequestId is { } id ? id : SecretToken.Hash(link.Secret);
            T? view;
            byte[]? stored;
            await using (var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct))
            {
                if (!await reader.ReadAsync(ct)) (view, stored) = (null, null);
                else (view, stored) = (read(reader), reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3));
            }
            reusable = true;
            // The id or the index finds the row; the constant-time comparison is the check.
            return stored is not null && SecretToken.Matches(link.Secret, stored) ? view : null;
        }
        finally
        {
            if (reusable && options.Provider == DatabaseProvider.Sqlite && !_disposed && _kept.Count < MaxKept) _kept.Enqueue(lookup);
            else await lookup.DisposeAsync();
        }
    }

    private static ConfirmationLink ReadConfirmation(DbDataReader r) => new(
        Read(r), r.GetInt32(18), r.GetInt32(19), Text(r, 20), Text(r, 21), Text(r, 22), Text(r, 23),
        // As VisitEvidence.From counts them: every visit, those that looked automated, the first one's time.
        new VisitEvidence(Time(r, 26), Convert.ToInt32(r.GetValue(24), System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToInt32(r.GetValue(25), System.Globalization.CultureInfo.InvariantCulture)));

    private static LinkView Read(DbDataReader r)
    {
        var deadline = Time(r, 9);
        var launched = Time(r, 10);
        return new LinkView(
            r.GetInt64(0), Enum.Parse<RequestState>(r.GetString(1)), Time(r, 2), r.IsDBNull(4) ? null : r.GetInt64(4),
            Text(r, 5), Text(r, 6), Text(r, 7),
            Enum.Parse<CampaignStatus>(r.GetString(8)), deadline ?? launched?.AddDays(Campaign.DefaultDeadlineDays),
            r.GetString(11), r.GetString(12), Text(r, 13), r.GetBoolean(14), Text(r, 15), r.GetString(16), Text(r, 17));
    }

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>Stored as UTC (ADR-0003); SQLite and SQL Server hand them back without a kind.</summary>
    private static DateTime? Time(DbDataReader r, int i) => r.IsDBNull(i) ? null : DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc);

    private async Task<Lookup> OpenAsync(CancellationToken ct)
    {
        DbConnection connection = options.Provider switch
        {
            // Out of Microsoft.Data.Sqlite's pool: these stay open here, and their settings differ (no memory map).
            DatabaseProvider.Sqlite => new SqliteConnection(new SqliteConnectionStringBuilder(options.ConnectionString) { Pooling = false }.ToString()),
            DatabaseProvider.PostgreSql => new NpgsqlConnection(options.ConnectionString),
            DatabaseProvider.SqlServer => new SqlConnection(options.ConnectionString),
            _ => throw new InvalidOperationException($"Unknown database provider '{options.Provider}'."),
        };
        try
        {
            await connection.OpenAsync(ct);
            var command = connection.CreateCommand();
            if (options.Provider == DatabaseProvider.Sqlite)
            {
                await SqlitePragmas.ApplyAsync(connection, ct);
                // In WAL mode SQLite drops a connection's whole memory map at the first read after
                // another connection's commit (every visit commits): unmapping it (TLB shootdowns
                // across the process's threads) and faulting the pages in again cost more than
                // reading the dozen pages of one lookup into the page cache.
                command.CommandText = "PRAGMA mmap_size=0;";
                await command.ExecuteNonQueryAsync(ct);
            }
            var commands = new List<(DbCommand, DbParameter)>(4);
            foreach (var (sql, by) in new[] { (Sql, ByHash), (Sql, ById), (ConfirmationSql, ByHash), (ConfirmationSql, ById) })
            {
                var next = commands.Count == 0 ? command : connection.CreateCommand();
                commands.Add((next, Prepare(next, Statement(sql, by), byId: by == ById)));
            }
            return new Lookup(connection, commands);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private DbParameter Prepare(DbCommand command, string sql, bool byId)
    {
        command.CommandText = sql;
        var key = command.CreateParameter();
        key.ParameterName = "@key";
        if (byId) key.DbType = DbType.Int64;
        else
        {
            key.DbType = DbType.Binary;
            key.Size = 32;
        }
        command.Parameters.Add(key);
        // SQLite keeps the compiled statement with the open connection for the next lookups.
        if (options.Provider == DatabaseProvider.Sqlite) command.Prepare();
        return key;
    }

    public void Dispose()
    {
        _disposed = true;
        while (_kept.TryDequeue(out var lookup)) lookup.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>One connection with the four statements: the view and the confirmation, each by hash and by id.</summary>
    private sealed record Lookup(DbConnection Connection, List<(DbCommand Command, DbParameter Key)> Commands) : IAsyncDisposable
    {
        public (DbCommand Command, DbParameter Key) For(bool confirmation, bool byId) => Commands[(confirmation ? 2 : 0) + (byId ? 1 : 0)];

        public async ValueTask DisposeAsync()
        {
            foreach (var (command, _) in Commands) await command.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
