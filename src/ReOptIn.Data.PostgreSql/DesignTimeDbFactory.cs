using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using ReOptIn.Core.Data;

namespace ReOptIn.Data.PostgreSql;

/// <summary>Lets dotnet-ef build the model for this provider without starting the web app.</summary>
public sealed class DesignTimeDbFactory : IDesignTimeDbContextFactory<ReOptInDb>
{
    public ReOptInDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ReOptInDb>();
        options.UseReOptInDatabase(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=design-time.invalid;Database=reoptin" });
        return new ReOptInDb(options.Options);
    }
}
