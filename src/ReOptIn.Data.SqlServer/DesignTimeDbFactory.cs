using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using ReOptIn.Core.Data;

namespace ReOptIn.Data.SqlServer;

/// <summary>Lets dotnet-ef build the model for this provider without starting the web app.</summary>
public sealed class DesignTimeDbFactory : IDesignTimeDbContextFactory<ReOptInDb>
{
    public ReOptInDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ReOptInDb>();
        options.UseReOptInDatabase(new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=design-time.invalid;Database=ReOptIn;TrustServerCertificate=true" });
        return new ReOptInDb(options.Options);
    }
}
