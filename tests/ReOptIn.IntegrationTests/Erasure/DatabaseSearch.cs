using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Erasure;

/// <summary>
/// Looks for strings in every column of every table, found from the database's own catalogue
/// (sqlite_master, information_schema), not from the model: a table or column added later is searched
/// too. Text is compared case-insensitively; blobs are read as UTF-8 and as UTF-16.
/// </summary>
internal static class DatabaseSearch
{
    /// <summary>"table.column: needle" for every place a needle was found.</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(ReOptInFactory app, IReadOnlyCollection<string> needles)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = await TablesAsync(connection, app.Provider);
        Assert.Contains("Contacts", tables);
        Assert.Contains("RequestVisits", tables);
        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (await reader.IsDBNullAsync(i)) continue;
                    foreach (var text in Texts(reader.GetValue(i)))
                        foreach (var needle in needles.Where(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)))
                            found.Add($"{table}.{reader.GetName(i)}: {needle}");
                }
        }
        return found.Distinct().ToList();
    }

    private static async Task<List<string>> TablesAsync(DbConnection connection, DatabaseProvider provider)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = provider == DatabaseProvider.PostgreSql
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            : "SELECT name FROM sqlite_master WHERE type = 'table'";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }

    private static IEnumerable<string> Texts(object value) => value switch
    {
        string s => [s],
        byte[] b => [Encoding.UTF8.GetString(b), Encoding.Unicode.GetString(b), Encoding.BigEndianUnicode.GetString(b)],
        _ => [Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""],
    };
}
