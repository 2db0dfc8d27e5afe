using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Auditing;

namespace ReOptIn.Core.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> e)
    {
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Hint).HasMaxLength(20);
        e.Property(x => x.SecretHash).HasMaxLength(32).IsFixedLength();
        e.HasIndex(x => x.SecretHash).IsUnique();
        e.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("AuditLog");
        e.Property(x => x.Action).HasMaxLength(50);
        e.Property(x => x.ActorId).HasMaxLength(450);
        e.Property(x => x.ActorName).HasMaxLength(256);
        e.Property(x => x.Subject).HasMaxLength(256);
        e.Property(x => x.Detail).HasMaxLength(2000);
        e.Property(x => x.IpAddress).HasMaxLength(45);
        e.HasIndex(x => x.At);
        e.HasIndex(x => x.Action);
    }
}
