namespace ReOptIn.Core.Sending;

/// <summary>How the connection to the relay is protected (the API's names).</summary>
public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}
