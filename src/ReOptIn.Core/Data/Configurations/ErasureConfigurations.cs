using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReOptIn.Core.Bounces;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Erasing;

namespace ReOptIn.Core.Data.Configurations;

internal sealed class ErasureConfiguration : IEntityTypeConfiguration<Erasure>
{
    public void Configure(EntityTypeBuilder<Erasure> e)
    {
        e.ToTable("Erasures");
        e.Property(x => x.Rule).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.ByUserId).HasMaxLength(450);
        e.Property(x => x.ByName).HasMaxLength(256);
        e.Property(x => x.Note).HasMaxLength(200);
        e.HasIndex(x => x.CampaignId);
        // Campaigns are closed, not deleted; the record outlives them all the same.
        e.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.ClientSetNull);
    }
}

/// <summary>The erasure's addition to bounces: unmatched messages are found by their recipient's keyed hash.</summary>
internal static class BounceRecipientHash
{
    public static void Configure(EntityTypeBuilder<BounceReport> e)
    {
        e.Property(x => x.RecipientHash).HasMaxLength(32).IsFixedLength();
        e.HasIndex(x => x.RecipientHash);
    }
}
