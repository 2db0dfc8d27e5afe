using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using ReOptIn.Core.Data;

namespace ReOptIn.Data.Sqlite;

/// <summary>Lets dotnet-ef build the model for this provider without starting the web app.</summary>
public sealed class DesignTimeDbFactory : IDesignTimeDbContextFactory<ReOptInDb>
{
    public ReOptInDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ReOptInDb>();
        options.UseReOptInDatabase(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=design-time.db" });
        return new ReOptInDb(options.Options);
    }
}
