namespace ReOptIn.Core.Importing;

/// <summary>The <c>Imports</c> configuration section.</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>Where uploads wait for their import; relative to the content root. Shared storage lets any instance run any import.</summary>
    public string Folder { get; set; } = "data/uploads";

    /// <summary>The largest upload accepted, in bytes (default 1 GiB).</summary>
    public long MaxUploadBytes { get; set; } = 1L << 30;

    /// <summary>The most text a .zip or .gz may unpack to, in bytes (default 4 GiB).</summary>
    public long MaxUncompressedBytes { get; set; } = 4L << 30;

    /// <summary>Rows per database transaction; unset, the bulk writer's own (<see cref="IContactBulkWriter.BatchSize"/>).</summary>
    public int? BatchSize { get; set; }

    /// <summary>How long a worker's claim on a running import lasts without a sign of life.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often an idle worker looks for queued imports (it is also woken when one is queued here).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Reject addresses whose domain clearly receives no mail (an MX check). Needs DNS; off by default.</summary>
    public bool CheckMailServers { get; set; }

    /// <summary>Name servers for the MX check as "ip:port" (empty: the system's resolvers).</summary>
    public List<string> DnsServers { get; set; } = [];

    /// <summary>The time-out of one DNS question; a domain that does not answer in time is kept.</summary>
    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many DNS questions may be in flight at once.</summary>
    public int DnsConcurrency { get; set; } = 8;

    /// <summary>
    /// Days the rejected rows of a finished import are kept for download (they are raw lines with people's
    /// addresses and names, of people never asked anything); then they are deleted and only the counts stay.
    /// 0 keeps them until a campaign over the list closes.
    /// </summary>
    public int KeepRejectedRowsDays { get; set; } = 30;

    /// <summary>A job that dies this many times (the process was killed mid-import) is failed, not retried.</summary>
    public int MaxAttempts { get; set; } = 3;
}
