using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReOptIn.Core.Sending;

namespace ReOptIn.Core.Data.Configurations;

internal sealed class SenderProfileConfiguration : IEntityTypeConfiguration<SenderProfile>
{
    public void Configure(EntityTypeBuilder<SenderProfile> e)
    {
        e.ToTable("Senders");
        e.Property(x => x.Name).HasMaxLength(200);
        e.HasIndex(x => x.Name).IsUnique();
        e.Property(x => x.FromName).HasMaxLength(200);
        e.Property(x => x.FromAddress).HasMaxLength(320);
        e.Property(x => x.ReplyTo).HasMaxLength(320);
        e.Property(x => x.PostalAddress).HasMaxLength(500);
        e.Property(x => x.SmtpHost).HasMaxLength(255);
        e.Property(x => x.SmtpSecurity).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.SmtpUsername).HasMaxLength(320);
        e.Property(x => x.SmtpPasswordProtected).HasMaxLength(2000);
        e.Property(x => x.DkimDomain).HasMaxLength(255);
        e.Property(x => x.DkimSelector).HasMaxLength(63);
        e.Property(x => x.DkimPrivateKeyProtected).HasMaxLength(8000);
        e.Property(x => x.BounceAddress).HasMaxLength(320);
        e.Ignore(x => x.Identity);
        e.Ignore(x => x.HasDkim);
        e.Ignore(x => x.FromDomain);
    }
}
