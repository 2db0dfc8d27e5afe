using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Bounces;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Confirming;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Importing;
using ReOptIn.Core.Sending;

namespace ReOptIn.Core.Data;

/// <summary>The one store: the domain, Identity's tables and the Data Protection key ring.</summary>
public sealed class ReOptInDb(DbContextOptions<ReOptInDb> options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<ContactList> Lists => Set<ContactList>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<ListMembership> Memberships => Set<ListMembership>();

    public DbSet<Campaign> Campaigns => Set<Campaign>();

    public DbSet<PermissionRequest> Requests => Set<PermissionRequest>();

    public DbSet<SenderProfile> Senders => Set<SenderProfile>();

    public DbSet<BounceReport> Bounces => Set<BounceReport>();

    public DbSet<Bounces.Intake.BounceMailbox> BounceMailboxes => Set<Bounces.Intake.BounceMailbox>();

    public DbSet<RequestVisit> Visits => Set<RequestVisit>();

    public DbSet<ConsentReceipt> Receipts => Set<ConsentReceipt>();

    public DbSet<AskedAddress> AskedRegistry => Set<AskedAddress>();

    public DbSet<Suppression> Suppressions => Set<Suppression>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();

    public DbSet<ImportReject> ImportRejects => Set<ImportReject>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Erasing.Erasure> Erasures => Set<Erasing.Erasure>();

    public DbSet<InstallationSecret> InstallationSecrets => Set<InstallationSecret>();

    public DbSet<HandOff.Destination> Destinations => Set<HandOff.Destination>();

    public DbSet<HandOff.HandOffEvent> HandOffEvents => Set<HandOff.HandOffEvent>();

    public DbSet<HandOff.HandOffDelivery> HandOffDeliveries => Set<HandOff.HandOffDelivery>();

    /// <summary>The last report of each large campaign (ADR-0017).</summary>
    public DbSet<Reporting.ReportSnapshot> ReportSnapshots => Set<Reporting.ReportSnapshot>();

    /// <summary>Uploaded .eml/.mbox files processed in the background.</summary>
    public DbSet<Bounces.Uploads.BounceUploadJob> BounceUploadJobs => Set<Bounces.Uploads.BounceUploadJob>();

    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ReOptInDb).Assembly);
        // Byte order for the normalised address on PostgreSQL (only ever compared for equality): the
        // locale's collation made every index comparison of an import a strcoll call (ADR-0019).
        if (Database.IsNpgsql()) builder.Entity<Contact>().Property(x => x.NormalizedEmail).UseCollation("C");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
