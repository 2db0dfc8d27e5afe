using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;
using ReOptIn.Core.Security;
using ReOptIn.Core.Sending.Dispatch;
using ReOptIn.Data.Sqlite;

/// <summary>
/// Prepares the database for the public pages benchmark (public.sh): COUNT contacts imported by the
/// app's importer, an approved and launched campaign, and every request marked sent an hour ago with
/// a fresh link token, as the sending worker leaves them. The raw tokens go to TOKENS_FILE, one per
/// line, for wrk's scripts; the database keeps only their hashes, as in production.
/// </summary>
internal static class PublicPagesBench
{
    public static async Task<int> SeedAsync(string databaseFile, int count, string tokensFile)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(databaseFile))!;
        var database = new DatabaseOptions { ConnectionString = $"Data Source={databaseFile}" };
        var builder = new DbContextOptionsBuilder<ReOptInDb>();
        builder.UseReOptInDatabase(database);
        var options = builder.Options;
        await using var db = new ReOptInDb(options);
        await db.Database.MigrateAsync();

        var now = DateTime.UtcNow;
        var sender = DispatchBench.Sender(new DispatchBench.Settings(count, 25, 1, null, 100), now);
        db.Senders.Add(sender);
        var list = await DispatchBench.ImportAsync(db, count, folder);
        var campaign = DispatchBench.NewCampaign(sender, list, now);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        campaign.Submit(now, null);
        campaign.Approve(now, null);
        await db.SaveChangesAsync();
        var launched = await CampaignLauncher.LaunchAsync(db, campaign, now, CancellationToken.None);
        if (launched.Eligible != count) throw new InvalidOperationException($"{launched.Eligible} eligible, {count} expected.");

        // What the worker records after a 250: the link's secret (hashed; the token carries the id, ADR-0025), Sent, the time. An hour ago, so that
        // the benchmark's visits are not taken for a link scanner's (seconds after delivery).
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        var ids = new List<long>(count);
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = tx;
            select.CommandText = "SELECT \"Id\" FROM \"Requests\" ORDER BY \"Id\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) ids.Add(reader.GetInt64(0));
        }
        await using var update = connection.CreateCommand();
        update.Transaction = tx;
        update.CommandText = "UPDATE \"Requests\" SET \"LinkHash\" = $hash, \"State\" = $state, \"SentAt\" = $at, \"StateChangedAt\" = $at WHERE \"Id\" = $id";
        var hash = update.Parameters.Add("$hash", SqliteType.Blob);
        update.Parameters.AddWithValue("$state", nameof(RequestState.Sent));
        update.Parameters.AddWithValue("$at", now.AddHours(-1).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
        var id = update.Parameters.Add("$id", SqliteType.Integer);
        await using var tokens = new StreamWriter(tokensFile);
        foreach (var requestId in ids)
        {
            var secret = SecretToken.Create();
            hash.Value = SecretToken.Hash(secret);
            id.Value = requestId;
            await update.ExecuteNonQueryAsync();
            await tokens.WriteLineAsync(LinkToken.Compose(requestId, secret));
        }
        await tx.CommitAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {ids.Count:N0} sent requests with tokens in {tokensFile}"));
        return 0;
    }
}
