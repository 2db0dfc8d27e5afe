namespace ReOptIn.Core.Data;

/// <summary>The <c>Database</c> configuration section plus <c>ConnectionStrings:ReOptIn</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string DefaultSqliteConnection = "Data Source=data/reoptin.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public string ConnectionString { get; set; } = DefaultSqliteConnection;

    /// <summary>Apply pending migrations at start-up. Unset means: yes for SQLite, no for servers.</summary>
    public bool? MigrateOnStartup { get; set; }

    public bool ShouldMigrateOnStartup => MigrateOnStartup ?? Provider == DatabaseProvider.Sqlite;
}
