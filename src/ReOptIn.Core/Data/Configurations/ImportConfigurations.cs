using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReOptIn.Core.Importing;

namespace ReOptIn.Core.Data.Configurations;

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> e)
    {
        e.ToTable("ImportJobs");
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.HasIndex(x => x.Status);
        e.HasIndex(x => x.ListId);
        e.Property(x => x.FileName).HasMaxLength(260);
        e.Property(x => x.StoredPath).HasMaxLength(1000);
        e.Property(x => x.CreatedByUserId).HasMaxLength(450);
        e.Property(x => x.Encoding).HasMaxLength(20);
        e.Property(x => x.Delimiter).HasMaxLength(2);
        e.Property(x => x.DetectionNotes).HasMaxLength(2000);
        e.Property(x => x.ErrorCode).HasMaxLength(50);
        e.Property(x => x.ErrorMessage).HasMaxLength(2000);
        e.Property(x => x.LeaseOwner).HasMaxLength(100);
        e.HasOne(x => x.List).WithMany().HasForeignKey(x => x.ListId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportRejectConfiguration : IEntityTypeConfiguration<ImportReject>
{
    public void Configure(EntityTypeBuilder<ImportReject> e)
    {
        e.ToTable("ImportRejects");
        e.HasIndex(x => new { x.JobId, x.RowNumber });
        e.Property(x => x.Reason).HasMaxLength(50);
        e.Property(x => x.Detail).HasMaxLength(200);
        e.Property(x => x.Row).HasMaxLength(4000);
        e.HasOne<ImportJob>().WithMany().HasForeignKey(x => x.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
