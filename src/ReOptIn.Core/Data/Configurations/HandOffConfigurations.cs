using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.HandOff;

namespace ReOptIn.Core.Data.Configurations;

internal sealed class DestinationConfiguration : IEntityTypeConfiguration<Destination>
{
    public void Configure(EntityTypeBuilder<Destination> e)
    {
        e.ToTable("Destinations");
        e.Property(x => x.Name).HasMaxLength(200);
        e.HasIndex(x => x.Name).IsUnique();
        e.Property(x => x.Type).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Url).HasMaxLength(2000);
        e.Property(x => x.SecretProtected).HasMaxLength(4000);
        e.Property(x => x.SettingsJson).HasMaxLength(8000);
        e.Ignore(x => x.Settings);
    }
}

internal sealed class HandOffEventConfiguration : IEntityTypeConfiguration<HandOffEvent>
{
    public void Configure(EntityTypeBuilder<HandOffEvent> e)
    {
        e.ToTable("HandOffEvents");
        // One event per confirmation.
        e.HasIndex(x => x.RequestId).IsUnique();
        e.HasIndex(x => x.FannedOutAt);
        e.HasIndex(x => x.CompletedAt);
        e.HasOne<PermissionRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HandOffDeliveryConfiguration : IEntityTypeConfiguration<HandOffDelivery>
{
    public void Configure(EntityTypeBuilder<HandOffDelivery> e)
    {
        e.ToTable("HandOffDeliveries");
        // One delivery per event and destination: a second fan-out cannot make a second copy.
        e.HasIndex(x => new { x.EventId, x.DestinationId }).IsUnique();
        e.HasIndex(x => new { x.Status, x.NextAttemptAt });
        e.HasIndex(x => new { x.DestinationId, x.Status });
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.LastError).HasMaxLength(1000);
        e.Property(x => x.LeaseOwner).HasMaxLength(200);
        e.HasOne(x => x.Event).WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        // Deleting a destination deletes its deliveries (and their dead letters) with it.
        e.HasOne<Destination>().WithMany().HasForeignKey(x => x.DestinationId).OnDelete(DeleteBehavior.Cascade);
    }
}
