using System.Diagnostics;

namespace ReOptIn.UnitTests.Data;

/// <summary>
/// No SQL Server runs here, so this is what can be proved: the SQL Server migrations assembly turns
/// into an idempotent T-SQL script through the same dotnet-ef command an operator would run.
/// </summary>
public sealed class SqlServerScriptTests
{
    [Fact]
    public async Task Dotnet_ef_writes_an_idempotent_sql_server_script()
    {
        var root = RepositoryRoot();
        var output = Path.Combine(Path.GetTempPath(), $"reoptin-sqlserver-{Guid.NewGuid():N}.sql");
        try
        {
            await RunAsync(root, "tool", "restore");
            await RunAsync(root, "ef", "migrations", "script", "--idempotent", "--no-build",
                "--configuration", BuildConfiguration(),
                "--project", "src/ReOptIn.Data.SqlServer", "--startup-project", "src/ReOptIn.Data.SqlServer",
                "--output", output);
            var script = await File.ReadAllTextAsync(output);

            Assert.Contains("IF NOT EXISTS (", script, StringComparison.Ordinal);      // idempotent guards
            Assert.Contains("[__EFMigrationsHistory]", script, StringComparison.Ordinal);
            Assert.Contains("CREATE TABLE [AskedRegistry]", script, StringComparison.Ordinal);
            Assert.Contains("CREATE TABLE [Contacts]", script, StringComparison.Ordinal);
            Assert.Contains("CREATE UNIQUE INDEX [IX_Contacts_NormalizedEmail]", script, StringComparison.Ordinal);
            Assert.Contains("[AddressHash] binary(32) NOT NULL", script, StringComparison.Ordinal);
            Assert.DoesNotContain("AUTOINCREMENT", script, StringComparison.Ordinal); // not the SQLite flavour
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static string BuildConfiguration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ReOptIn.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ReOptIn.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task RunAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} failed:\n{await stdout}\n{await stderr}");
    }
}
