namespace ReOptIn.Core.Sending;

/// <summary>A freshly generated DKIM key: the private half as PKCS#8 PEM (what MimeKit's signer reads).</summary>
public sealed record GeneratedDkimKey(string PrivateKeyPem);
