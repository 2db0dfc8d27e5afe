using System.Net;
using System.Text;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Importing;

/// <summary>The optional MX check, against a real DNS server on loopback.</summary>
public sealed class MailServerCheckTests
{
    [Fact]
    public async Task Addresses_at_domains_that_receive_no_mail_are_rejected_and_doubtful_ones_kept()
    {
        using var dns = new FakeDnsServer();
        dns.Mx["mail.example.com"] = "mx.mail.example.com";
        dns.Mx["nullmx.example.org"] = ".";                     // RFC 7505: "no mail here"
        dns.A["web.example.net"] = IPAddress.Parse("192.0.2.10"); // no MX, but an address: implicit MX
        dns.Silent.Add("slow.example.com");                       // never answers
        await using var app = ReOptInFactory.Sqlite(new Dictionary<string, string?>(ApiClient.BootstrapSettings)
        {
            ["Imports:CheckMailServers"] = "true",
            ["Imports:DnsServers:0"] = dns.EndPoint.ToString(),
            ["Imports:DnsTimeout"] = "00:00:00.500",
        });
        using var api = ApiClient.Open(app);
        var list = await api.CreateListAsync();
        var csv = "email\nann@mail.example.com\nbob@nullmx.example.org\ncleo@web.example.net\ndan@gone.example.com\neve@slow.example.com\nfay@mail.example.com\n";

        var result = await api.ImportAsync(list, Encoding.UTF8.GetBytes(csv), "mx.csv");

        Assert.Equal("completed", result.GetProperty("status").GetString());
        Assert.Equal((4, 2), (result.GetProperty("accepted").GetInt32(), result.GetProperty("rejected").GetInt32()));
        Assert.Equal(2, result.GetProperty("rejectedByReason").GetProperty("no-mail-server").GetInt32());
        var rejects = await api.Http.GetStringAsync($"/api/v1/imports/{result.GetProperty("id").GetInt64()}/rejects");
        Assert.Contains("nullmx.example.org", rejects, StringComparison.Ordinal);
        Assert.Contains("gone.example.com", rejects, StringComparison.Ordinal);
        Assert.DoesNotContain("slow.example.com", rejects, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_setting_no_address_is_rejected_for_its_domain()
    {
        await using var app = ReOptInFactory.Sqlite(ApiClient.BootstrapSettings);
        using var api = ApiClient.Open(app);
        var list = await api.CreateListAsync();
        var result = await api.ImportAsync(list, Encoding.UTF8.GetBytes("email\nann@gone.example.com\n"), "a.csv");
        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
    }
}
