namespace ReOptIn.Core.Sending;

/// <summary>A sender's DKIM key (PEM, already decrypted) and where its public half is published.</summary>
public sealed record DkimSettings(string Domain, string Selector, string PrivateKeyPem);
