using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.Data.PostgreSql;
using ReOptIn.Data.Sqlite;
using ReOptIn.Data.SqlServer;

namespace ReOptIn.Web.Importing;

public static class ImportRegistration
{
    /// <summary>The <c>Imports</c> options, the provider's bulk writer, and the background worker.</summary>
    public static void AddReOptInImports(this WebApplicationBuilder builder, DatabaseOptions database)
    {
        var options = builder.Configuration.GetSection(ImportOptions.Section).Get<ImportOptions>() ?? new ImportOptions();
        options.Folder = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, options.Folder));
        Directory.CreateDirectory(options.Folder);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ImportSignal>();
        builder.Services.AddScoped<ImportRunner>();
        builder.Services.AddScoped<ImportService>();
        builder.Services.AddHostedService<ImportWorker>();
        builder.Services.AddScoped<IContactBulkWriter>(database.Provider switch
        {
            DatabaseProvider.Sqlite => sp => new SqliteContactWriter(sp.GetRequiredService<ReOptInDb>()),
            DatabaseProvider.PostgreSql => sp => new PostgreSqlContactWriter(sp.GetRequiredService<ReOptInDb>()),
            DatabaseProvider.SqlServer => sp => new SqlServerContactWriter(sp.GetRequiredService<ReOptInDb>()),
            _ => throw new InvalidOperationException($"Unknown database provider '{database.Provider}'."),
        });
    }
}
