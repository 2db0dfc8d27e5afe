using System.Collections.Concurrent;
using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace ReOptIn.Core.Importing.Addresses;

public enum MailDomainVerdict
{
    /// <summary>An MX record, or (RFC 5321's implicit MX) an address record.</summary>
    AcceptsMail,

    /// <summary>The domain does not exist, has neither MX nor address, or publishes a null MX (RFC 7505).</summary>
    NoMailServer,

    /// <summary>No clear answer (time-out, server failure): the address is kept.</summary>
    Unknown,
}

/// <summary>
/// The optional MX check of imports (<c>Imports:CheckMailServers</c>): one question per domain,
/// cached for the import, a bounded number at a time, each with a time-out. Only a clear "no mail
/// here" rejects; any doubt keeps the address.
/// </summary>
public sealed class MailDomainChecker : IDisposable
{
    private readonly LookupClient _dns;
    private readonly SemaphoreSlim _gate;
    private readonly ConcurrentDictionary<string, Task<MailDomainVerdict>> _verdicts = new(StringComparer.Ordinal);

    public MailDomainChecker(IReadOnlyList<IPEndPoint> servers, TimeSpan timeout, int concurrency)
    {
        var options = servers.Count == 0 ? new LookupClientOptions() : new LookupClientOptions([.. servers]);
        options.Timeout = timeout;
        options.Retries = 1;
        options.UseCache = false;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = false;
        _dns = new LookupClient(options);
        _gate = new SemaphoreSlim(Math.Max(1, concurrency));
    }

    /// <summary>The verdict for each of <paramref name="domains"/> (ASCII form), asking only about new ones.</summary>
    public async Task<IReadOnlyDictionary<string, MailDomainVerdict>> CheckAsync(IEnumerable<string> domains, CancellationToken ct)
    {
        var distinct = domains.Distinct(StringComparer.Ordinal).ToList();
        var verdicts = await Task.WhenAll(distinct.Select(d => _verdicts.GetOrAdd(d, name => AskAsync(name, ct))));
        return distinct.Zip(verdicts).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    private async Task<MailDomainVerdict> AskAsync(string domain, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var mx = await _dns.QueryAsync(domain, QueryType.MX, QueryClass.IN, ct);
            if (mx.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain) return MailDomainVerdict.NoMailServer;
            if (mx.HasError) return MailDomainVerdict.Unknown;
            var exchanges = mx.Answers.MxRecords().ToList();
            if (exchanges.Count > 0)
                return exchanges.All(r => r.Exchange.Value is "." or "") ? MailDomainVerdict.NoMailServer : MailDomainVerdict.AcceptsMail;

            var a = await _dns.QueryAsync(domain, QueryType.A, QueryClass.IN, ct);
            if (a.HasError) return MailDomainVerdict.Unknown;
            if (a.Answers.OfType<ARecord>().Any()) return MailDomainVerdict.AcceptsMail;
            var aaaa = await _dns.QueryAsync(domain, QueryType.AAAA, QueryClass.IN, ct);
            if (aaaa.HasError) return MailDomainVerdict.Unknown;
            return aaaa.Answers.OfType<AaaaRecord>().Any() ? MailDomainVerdict.AcceptsMail : MailDomainVerdict.NoMailServer;
        }
        catch (DnsResponseException)
        {
            return MailDomainVerdict.Unknown;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
