using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Confirming;

namespace ReOptIn.Core.Data.Configurations;

internal sealed class RequestVisitConfiguration : IEntityTypeConfiguration<RequestVisit>
{
    public void Configure(EntityTypeBuilder<RequestVisit> e)
    {
        e.ToTable("RequestVisits");
        e.Property(x => x.Method).HasMaxLength(10);
        e.Property(x => x.IpAddress).HasMaxLength(45);
        e.Property(x => x.UserAgent).HasMaxLength(500);
        e.Property(x => x.AutomatedReason).HasMaxLength(40);
        e.Ignore(x => x.Automated);
        e.HasIndex(x => new { x.RequestId, x.At });
        e.HasOne<PermissionRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConsentReceiptConfiguration : IEntityTypeConfiguration<ConsentReceipt>
{
    public void Configure(EntityTypeBuilder<ConsentReceipt> e)
    {
        e.ToTable("ConsentReceipts");
        // One "yes" per request: a replayed or concurrent POST cannot write a second receipt.
        e.HasIndex(x => x.RequestId).IsUnique();
        e.HasIndex(x => new { x.CampaignId, x.SubmittedAt });
        e.Property(x => x.Email).HasMaxLength(320);
        e.Property(x => x.ConsentStatement).HasMaxLength(2000);
        e.Property(x => x.ConsentStatementSha256).HasMaxLength(64);
        e.Property(x => x.FormJson).HasMaxLength(4000);
        e.Property(x => x.Language).HasMaxLength(10);
        e.Property(x => x.IpAddress).HasMaxLength(45);
        e.Property(x => x.UserAgent).HasMaxLength(500);
        e.Property(x => x.MessageId).HasMaxLength(250);
        e.Property(x => x.ApprovedContentHash).HasMaxLength(64);
        // Proof of consent is never deleted as a side effect of deleting its request or campaign.
        e.HasOne<PermissionRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Restrict);
    }
}
