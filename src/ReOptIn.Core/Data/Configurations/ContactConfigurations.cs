using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReOptIn.Core.Contacts;

namespace ReOptIn.Core.Data.Configurations;

internal sealed class ContactListConfiguration : IEntityTypeConfiguration<ContactList>
{
    public void Configure(EntityTypeBuilder<ContactList> e)
    {
        e.ToTable("Lists");
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Source).HasMaxLength(1000);
        e.Property(x => x.CreatedByUserId).HasMaxLength(450);
        e.Property(x => x.LawfulBasis).HasMaxLength(1000);
        e.Property(x => x.LawfulBasisRecordedByUserId).HasMaxLength(450);
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> e)
    {
        e.Property(x => x.Email).HasMaxLength(320);
        e.Property(x => x.NormalizedEmail).HasMaxLength(320);
        e.HasIndex(x => x.NormalizedEmail).IsUnique();
        // No index on the hash: a person is found by NormalizedEmail; the hash is what the registry and
        // suppressions keep. (A unique index on random 32-byte keys cost a third of the import's time.)
        e.Property(x => x.AddressHash).HasMaxLength(32).IsFixedLength();
        e.Property(x => x.FirstName).HasMaxLength(200);
        e.Property(x => x.LastName).HasMaxLength(200);
        e.Property(x => x.Country).HasMaxLength(100);
        e.Property(x => x.Language).HasMaxLength(35);
        e.Property(x => x.Jurisdiction).HasMaxLength(2);
    }
}

internal sealed class ListMembershipConfiguration : IEntityTypeConfiguration<ListMembership>
{
    public void Configure(EntityTypeBuilder<ListMembership> e)
    {
        e.HasKey(x => new { x.ListId, x.ContactId });
        e.HasIndex(x => x.ContactId);
        e.Property(x => x.Source).HasMaxLength(1000);
        // No index on ImportJobId: a rollback finds its rows through the primary key's ListId prefix,
        // and an index updated on every imported row cost a fifth of PostgreSQL's membership insert.
        e.HasOne(x => x.List).WithMany(l => l.Memberships).HasForeignKey(x => x.ListId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(x => x.Contact).WithMany(c => c.Memberships).HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.Cascade);
    }
}
