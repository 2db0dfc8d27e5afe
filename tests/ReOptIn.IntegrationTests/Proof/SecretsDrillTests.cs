using ReOptIn.IntegrationTests.Erasure;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Proof;

/// <summary>
/// After a whole campaign (see <see cref="PoisonedApp"/>): the secrets typed in (SMTP password, DKIM key,
/// webhook secret, API keys, the admin's password) are in no log line and in no column of any table in
/// clear; full addresses are in no log line, and in the database only where they are kept on purpose.
/// </summary>
[Collection(PoisonedApp.Collection)]
public sealed class SecretsDrillTests(PoisonedApp app)
{
    /// <summary>
    /// Where a contact's full address is stored on purpose, and why (docs/security.md): the contacts until
    /// erasure, the consent receipt (the proof names who agreed), the rejected rows kept for download, and
    /// the hand-off of a confirmed contact to the marketing service (the address is what it delivers).
    /// </summary>
    private static readonly string[] ContactAddressesKeptIn = ["Contacts.", "ConsentReceipts.", "ImportRejects.", "HandOffOutbox."];

    /// <summary>A staff member's address is their account name, and the audit log names who did what.</summary>
    private static readonly string[] StaffAddressesKeptIn = ["AspNetUsers.", "AuditLog."];

    private string[] Secrets =>
    [
        PoisonedApp.SmtpPassword, PoisonedApp.WebhookSecret, app.DkimKeyBody, app.CreatedApiKey, ApiClient.Key,
        ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!,
    ];

    private static string[] ContactAddresses => [.. PoisonedApp.ContactAddresses, PoisonedApp.TestRecipient];

    private static string StaffAddress => ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!;

    [Fact]
    public void The_log_file_holds_no_secret_and_no_full_address()
    {
        var logs = app.App.ReadLogs();
        File.WriteAllText("/tmp/proof-drill.log", logs);
        Assert.True(logs.Contains("/api/v1/campaigns/", StringComparison.Ordinal), "The journey is not in the log:\n" + logs[..Math.Min(3000, logs.Length)]); // logged request by request
        foreach (var secret in Secrets.Concat(app.Tokens.Values))
            Assert.False(logs.Contains(secret, StringComparison.Ordinal), $"A secret or a link token is in the log: {secret[..6]}…");
        foreach (var address in ContactAddresses.Append(StaffAddress))
            Assert.False(logs.Contains(address, StringComparison.OrdinalIgnoreCase), $"A full address is in the log: {address}");
    }

    [Fact]
    public async Task The_database_holds_no_secret_in_clear_and_addresses_only_where_intended()
    {
        // The link tokens too: a database leak must not hand out working links.
        var secrets = await DatabaseSearch.FindAsync(app.App, [.. Secrets, .. app.Tokens.Values]);
        Assert.True(secrets.Count == 0, "Secrets stored in clear: " + string.Join(", ", secrets.Select(s => s[..(s.IndexOf(':', StringComparison.Ordinal) + 8)] + "…")));

        var addresses = await DatabaseSearch.FindAsync(app.App, ContactAddresses);
        Assert.Contains(addresses, a => a.StartsWith("Contacts.", StringComparison.Ordinal));
        var elsewhere = addresses.Where(a => !ContactAddressesKeptIn.Any(t => a.StartsWith(t, StringComparison.Ordinal)))
            .Concat((await DatabaseSearch.FindAsync(app.App, [StaffAddress])).Where(a => !StaffAddressesKeptIn.Any(t => a.StartsWith(t, StringComparison.Ordinal))))
            .ToList();
        Assert.True(elsewhere.Count == 0, "Full addresses stored where they should not be:\n" + string.Join("\n", elsewhere));
    }
}
