using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Reporting;

namespace ReOptIn.Core.Data.Configurations;

internal sealed class ReportSnapshotConfiguration : IEntityTypeConfiguration<ReportSnapshot>
{
    public void Configure(EntityTypeBuilder<ReportSnapshot> e)
    {
        e.ToTable("ReportSnapshots");
        e.HasKey(x => x.CampaignId);
        e.Property(x => x.CampaignId).ValueGeneratedNever();
        e.HasOne<Campaign>().WithOne().HasForeignKey<ReportSnapshot>(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}
