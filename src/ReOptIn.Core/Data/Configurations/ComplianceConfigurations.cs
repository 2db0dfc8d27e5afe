using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;

namespace ReOptIn.Core.Data.Configurations;

internal sealed class AskedAddressConfiguration : IEntityTypeConfiguration<AskedAddress>
{
    public void Configure(EntityTypeBuilder<AskedAddress> e)
    {
        e.ToTable("AskedRegistry");
        // The primary key is the rule "once per address, ever": a second insert fails in the database.
        e.HasKey(x => x.AddressHash);
        e.Property(x => x.AddressHash).HasMaxLength(32).IsFixedLength();
        e.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SuppressionConfiguration : IEntityTypeConfiguration<Suppression>
{
    public void Configure(EntityTypeBuilder<Suppression> e)
    {
        e.Property(x => x.AddressHash).HasMaxLength(32).IsFixedLength();
        e.HasIndex(x => x.AddressHash).IsUnique();
        e.Property(x => x.Reason).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Note).HasMaxLength(500);
    }
}

internal sealed class InstallationSecretConfiguration : IEntityTypeConfiguration<InstallationSecret>
{
    public void Configure(EntityTypeBuilder<InstallationSecret> e)
    {
        e.HasKey(x => x.Name);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Fingerprint).HasMaxLength(100);
    }
}
