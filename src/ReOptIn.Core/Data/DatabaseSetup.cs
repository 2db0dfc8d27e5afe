using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ReOptIn.Core.Data;

public static class DatabaseSetup
{
    /// <summary>One switch picks the provider and the assembly that holds its migrations.</summary>
    public static DbContextOptionsBuilder UseReOptInDatabase(this DbContextOptionsBuilder o, DatabaseOptions db) => db.Provider switch
    {
        DatabaseProvider.Sqlite => o.UseSqlite(db.ConnectionString, x => x.MigrationsAssembly("ReOptIn.Data.Sqlite")).AddInterceptors(new SqlitePragmas()),
        DatabaseProvider.SqlServer => o.UseSqlServer(db.ConnectionString, x => x.MigrationsAssembly("ReOptIn.Data.SqlServer")),
        DatabaseProvider.PostgreSql => o.UseNpgsql(db.ConnectionString, x => x.MigrationsAssembly("ReOptIn.Data.PostgreSql")),
        _ => throw new InvalidOperationException($"Unknown database provider '{db.Provider}'."),
    };

    /// <summary>
    /// A relative SQLite file is resolved against <paramref name="contentRoot"/> (not the working
    /// directory, which differs between <c>dotnet run</c>, a service manager and tests), and its
    /// folder is created so that the first start can create the database.
    /// </summary>
    public static string ResolveSqliteConnection(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
            return connectionString;
        if (!Path.IsPathRooted(source))
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, source));
        var folder = Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        return builder.ToString();
    }
}
