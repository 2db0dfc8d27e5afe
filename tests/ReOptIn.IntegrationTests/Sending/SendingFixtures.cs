using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using ReOptIn.Core.Composing;
using ReOptIn.Core.Sending;

namespace ReOptIn.IntegrationTests.Sending;

/// <summary>A request as the dispatcher would hand it over, to example.com addresses only.</summary>
internal static class SendingFixtures
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public static SenderIdentity Sender(string name = "Ada at Example") =>
        new(name, "news@example.com", "help@example.com", "bounces+{id}@example.com");

    public static OutgoingRequest Request(string? toName = "Bob Example", SenderIdentity? sender = null, string subject = "May we keep writing to you?") => new(
        sender ?? Sender(),
        "bob@example.com",
        toName,
        new RenderedRequest(subject, "<p>Héllo Bob, <a href=\"https://example.com/c/abc\">yes please</a></p>", "Héllo Bob, yes please: https://example.com/c/abc"),
        RequestMessageBuilder.NewMessageId("example.com", DateTimeOffset.UtcNow),
        "https://example.com/u/abc123",
        "unsubscribe+abc123@example.com",
        "abc123");
}

/// <summary>Answers every DKIM key lookup with the public half of one key, as DNS would from its TXT record.</summary>
internal sealed class FixedDkimKeyLocator(string privateKeyPem) : DkimPublicKeyLocatorBase
{
    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        GetPublicKey(DkimKeys.DnsRecordValue(privateKeyPem));

    public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
}
