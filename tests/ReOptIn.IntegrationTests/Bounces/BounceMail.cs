namespace ReOptIn.IntegrationTests.Bounces;

/// <summary>Returned messages about requests a test really sent: a DSN (RFC 3464) and an ARF complaint (RFC 5965), CRLF line ends.</summary>
internal static class BounceMail
{
    public static string Dsn(string recipient, string status, string action, string diagnostic, string originalMessageId, string to = "bounces@bounces.shop.example.com") => $"""
        From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
        To: {to}
        Subject: Undelivered Mail Returned to Sender
        Message-ID: <{Guid.NewGuid():N}@mx.example.org>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain

        Your message could not be delivered.

        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.org

        Final-Recipient: rfc822; {recipient}
        Action: {action}
        Status: {status}
        Diagnostic-Code: smtp; {diagnostic}

        --b1
        Content-Type: text/rfc822-headers

        From: Example Shop <news@shop.example.com>
        To: {recipient}
        Subject: Do you still want to hear from Example Shop?
        Message-ID: {originalMessageId}

        --b1--
        """.Replace("\n", "\r\n", StringComparison.Ordinal);

    public static string Complaint(string recipient, string originalMessageId) => $"""
        From: feedback@isp.example.net
        To: abuse@shop.example.com
        Subject: Abuse report
        Message-ID: <{Guid.NewGuid():N}@isp.example.net>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report; boundary="b2"

        --b2
        Content-Type: text/plain

        This is an email abuse report.

        --b2
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: ISP-FBL/1.0
        Version: 1
        Original-Rcpt-To: {recipient}

        --b2
        Content-Type: message/rfc822

        From: Example Shop <news@shop.example.com>
        To: {recipient}
        Subject: Do you still want to hear from Example Shop?
        Message-ID: {originalMessageId}

        Hello
        --b2--
        """.Replace("\n", "\r\n", StringComparison.Ordinal);

    /// <summary>The samples copied from the shared corpus (see Samples/README.md).</summary>
    public static byte[] Sample(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Bounces", "Samples", name));

    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
