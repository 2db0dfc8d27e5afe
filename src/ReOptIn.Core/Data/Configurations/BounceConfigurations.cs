using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReOptIn.Core.Bounces;
using ReOptIn.Core.Bounces.Intake;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Sending;

namespace ReOptIn.Core.Data.Configurations;

internal sealed class BounceReportConfiguration : IEntityTypeConfiguration<BounceReport>
{
    public void Configure(EntityTypeBuilder<BounceReport> e)
    {
        e.ToTable("Bounces");
        e.Property(x => x.Source).HasMaxLength(20);
        e.Property(x => x.Class).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Action).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Reason).HasMaxLength(50);
        e.Property(x => x.Status).HasMaxLength(20);
        e.Property(x => x.DiagnosticCode).HasMaxLength(1000);
        e.Property(x => x.MatchedBy).HasMaxLength(20);
        e.Property(x => x.DecidedByUserId).HasMaxLength(450);
        // The report's breakdown by reason, from the index alone.
        e.HasIndex(x => new { x.CampaignId, x.Class, x.Reason, x.RequestId });
        e.HasIndex(x => x.Action);
        e.HasIndex(x => x.RequestId);
        BounceRecipientHash.Configure(e);
        e.Property(x => x.MessageKey).HasMaxLength(200);
        e.HasIndex(x => x.MessageKey).IsUnique();
        // Not a second cascade path from campaigns (SQL Server refuses those): campaigns are closed, not deleted.
        e.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.ClientSetNull);
        e.HasOne<PermissionRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class BounceMailboxConfiguration : IEntityTypeConfiguration<BounceMailbox>
{
    public void Configure(EntityTypeBuilder<BounceMailbox> e)
    {
        e.ToTable("BounceMailboxes");
        e.HasIndex(x => x.SenderProfileId).IsUnique();
        e.HasOne<SenderProfile>().WithMany().HasForeignKey(x => x.SenderProfileId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.Host).HasMaxLength(255);
        e.Property(x => x.Security).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Username).HasMaxLength(320);
        e.Property(x => x.PasswordProtected).HasMaxLength(2000);
        e.Property(x => x.Folder).HasMaxLength(255);
        e.Property(x => x.ProcessedFolder).HasMaxLength(255);
        e.Property(x => x.LastPollMessage).HasMaxLength(1000);
        e.Property(x => x.LeaseOwner).HasMaxLength(200);
    }
}
