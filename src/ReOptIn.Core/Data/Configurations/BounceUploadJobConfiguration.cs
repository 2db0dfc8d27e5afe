using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReOptIn.Core.Bounces.Uploads;

namespace ReOptIn.Core.Data.Configurations;

internal sealed class BounceUploadJobConfiguration : IEntityTypeConfiguration<BounceUploadJob>
{
    public void Configure(EntityTypeBuilder<BounceUploadJob> e)
    {
        e.ToTable("BounceUploadJobs");
        e.Property(x => x.FileName).HasMaxLength(260);
        e.Property(x => x.StoredPath).HasMaxLength(1000);
        e.Property(x => x.UploadedByUserId).HasMaxLength(450);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.ByClassJson).HasMaxLength(1000);
        e.Property(x => x.ByActionJson).HasMaxLength(1000);
        e.Property(x => x.ErrorMessage).HasMaxLength(2000);
        e.Property(x => x.LeaseOwner).HasMaxLength(200);
        // The worker's look for work.
        e.HasIndex(x => x.State);
    }
}
