namespace ReOptIn.Core.Sending;

/// <summary>Who a request comes from, and where its bounces go.</summary>
/// <param name="BounceAddress">A fixed address, or a VERP pattern with <c>{id}</c> (e.g. <c>bounces+{id}@example.com</c>).</param>
public sealed record SenderIdentity(string FromName, string FromAddress, string? ReplyTo, string? BounceAddress);
