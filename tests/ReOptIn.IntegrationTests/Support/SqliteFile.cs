using Microsoft.Data.Sqlite;

namespace ReOptIn.IntegrationTests.Support;

/// <summary>Reads an app's SQLite file from outside the app (read-only, unpooled), as the drills do while it runs or after it died.</summary>
public static class SqliteFile
{
    /// <summary>The rows of <paramref name="sql"/>, whose two columns are text.</summary>
    public static List<(string First, string Second)> Pairs(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    public static long Count(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }
}
