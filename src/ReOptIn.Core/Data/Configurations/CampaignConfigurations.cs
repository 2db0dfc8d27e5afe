using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReOptIn.Core.Campaigns;

namespace ReOptIn.Core.Data.Configurations;

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> e)
    {
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Purpose).HasMaxLength(2000);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.CreatedByUserId).HasMaxLength(450);
        e.Property(x => x.ApprovedByUserId).HasMaxLength(450);
        e.Property(x => x.SubmittedByUserId).HasMaxLength(450);
        e.Property(x => x.Provenance).HasMaxLength(1000);
        e.Property(x => x.Subject).HasMaxLength(500);
        e.Property(x => x.BodyMarkdown).HasMaxLength(50_000);
        e.Property(x => x.Language).HasMaxLength(10);
        e.Property(x => x.ConsentStatement).HasMaxLength(2000);
        e.Property(x => x.InterestOptions).HasMaxLength(2000);
        e.Property(x => x.IncentiveDescription).HasMaxLength(500);
        e.Property(x => x.IncentiveCode).HasMaxLength(100);
        e.Property(x => x.ApprovedContentHash).HasMaxLength(64);
        e.Property(x => x.PauseReason).HasMaxLength(500);
        e.HasIndex(x => x.Status);
        // A sender in use cannot be deleted (the page says which campaigns use it).
        e.HasOne(x => x.Sender).WithMany().HasForeignKey(x => x.SenderProfileId).OnDelete(DeleteBehavior.Restrict);
        // Deleting a list does not delete the campaigns that used it, only the link.
        e.HasMany(x => x.Lists).WithMany().UsingEntity("CampaignLists");
    }
}

internal sealed class PermissionRequestConfiguration : IEntityTypeConfiguration<PermissionRequest>
{
    public void Configure(EntityTypeBuilder<PermissionRequest> e)
    {
        e.ToTable("Requests");
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.AddressHash).HasMaxLength(32).IsFixedLength();
        e.Property(x => x.LinkHash).HasMaxLength(32).IsFixedLength();
        // Only requests sent before ADR-0025 have a TokenHash (their links are found by it); the others stay out of the index.
        e.Property(x => x.TokenHash).HasMaxLength(32).IsFixedLength();
        e.HasIndex(x => x.TokenHash).IsUnique().HasFilter("\"TokenHash\" IS NOT NULL");
        e.HasIndex(x => x.AddressHash);
        // The sending worker's scan (queued requests of a campaign) and, with the columns after State,
        // the report's funnel and its largest domains' answers read from the index alone (ADR-0012,
        // ADR-0025): the same writes, a wider entry. ReportSql names it.
        e.HasIndex(x => new { x.CampaignId, x.State, x.SourceListId, x.SentAt, x.VisitedAt, x.ConfirmedAt, x.RecipientDomain });
        // The report's top domains. Without State, which every claim and sent record would move in it (ADR-0025).
        e.HasIndex(x => new { x.CampaignId, x.RecipientDomain });
        // Finding requests whose lease expired (a process died while sending): only the requests being sent
        // are in it, so a claim adds one entry and recording the outcome removes it (ADR-0025).
        e.HasIndex(x => x.LeaseExpiresAt).HasDatabaseName("IX_Requests_Sending_LeaseExpiresAt").HasFilter("\"State\" = 'Sending'");
        e.HasIndex(x => x.ContactId);
        e.Property(x => x.MessageId).HasMaxLength(250);
        e.HasIndex(x => x.MessageId);
        e.Property(x => x.LastError).HasMaxLength(1000);
        e.Property(x => x.LeaseOwner).HasMaxLength(100);
        e.Property(x => x.RecipientDomain).HasMaxLength(255);
        e.HasOne(x => x.Campaign).WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        // Erasing a contact keeps its requests (and so the report's counts), without the person.
        e.HasOne(x => x.Contact).WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.SetNull);
    }
}
