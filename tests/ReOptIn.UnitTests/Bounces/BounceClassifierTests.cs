using System.Text;
using ReOptIn.Core.Bounces;

namespace ReOptIn.UnitTests.Bounces;

/// <summary>One family per test, on small messages written here (not copied from the corpus).</summary>
public sealed class BounceClassifierTests
{
    private static BounceVerdict Classify(string raw, string? envelopeTo = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n")));
        return BounceClassifier.Classify(stream, envelopeTo);
    }

    private static string Dsn(string action, string status, string diagnostic) => $"""
        From: Mail Delivery System <MAILER-DAEMON@mx.sender.example>
        To: bounces+req-42@bounces.sender.example
        Subject: Undelivered Mail Returned to Sender
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain

        I'm sorry to have to inform you that your message could not be delivered.

        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.sender.example

        Final-Recipient: rfc822; old.customer@shop.example
        Action: {action}
        Status: {status}
        Diagnostic-Code: smtp; {diagnostic}

        --b1
        Content-Type: text/rfc822-headers

        From: Shop <news@sender.example>
        To: old.customer@shop.example
        Subject: Do you still want our emails?
        Message-ID: <request-42@sender.example>

        --b1--
        """;

    [Fact]
    public void A_dsn_for_a_missing_mailbox_is_hard()
    {
        var verdict = Classify(Dsn("failed", "5.1.1", "550 5.1.1 <old.customer@shop.example>: Recipient address rejected: User unknown"));
        Assert.Equal(BounceClass.Hard, verdict.Class);
        Assert.Equal(BounceReasons.UserUnknown, verdict.Reason);
        Assert.Equal("old.customer@shop.example", verdict.Recipient);
        Assert.Equal("5.1.1", verdict.Status);
        Assert.StartsWith("smtp; 550 5.1.1", verdict.DiagnosticCode, StringComparison.Ordinal);
        Assert.Equal("request-42@sender.example", verdict.OriginalMessageId);
        Assert.Equal("req-42", verdict.VerpId);
    }

    [Fact]
    public void A_dsn_for_a_full_mailbox_is_soft_even_with_a_5xx_code()
    {
        var verdict = Classify(Dsn("failed", "5.2.2", "552 5.2.2 Mailbox full"));
        Assert.Equal(BounceClass.Soft, verdict.Class);
        Assert.Equal(BounceReasons.MailboxFull, verdict.Reason);
    }

    [Fact]
    public void A_policy_block_is_soft()
    {
        var verdict = Classify(Dsn("failed", "5.7.1", "550 5.7.1 Service unavailable; client host blocked using Spamhaus"));
        Assert.Equal(BounceClass.Soft, verdict.Class);
        Assert.Equal(BounceReasons.Blocked, verdict.Reason);
    }

    [Fact]
    public void A_delayed_dsn_is_soft_and_never_hard()
    {
        var verdict = Classify(Dsn("delayed", "4.4.1", "connect to mx.shop.example: Connection timed out"));
        Assert.Equal(BounceClass.Soft, verdict.Class);
        Assert.Equal("old.customer@shop.example", verdict.Recipient);
    }

    [Fact]
    public void A_delivered_dsn_is_not_a_bounce()
    {
        var verdict = Classify(Dsn("delivered", "2.0.0", "250 2.0.0 Ok"));
        Assert.Equal(BounceClass.None, verdict.Class);
        Assert.Equal(BounceReasons.Delivered, verdict.Reason);
    }

    [Fact]
    public void An_arf_report_is_a_complaint_for_the_original_recipient()
    {
        var verdict = Classify("""
            From: abuse@isp.example
            To: fbl@sender.example
            Subject: Abuse report
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=feedback-report; boundary="f1"

            --f1
            Content-Type: text/plain

            This is an email abuse report.

            --f1
            Content-Type: message/feedback-report

            Feedback-Type: abuse
            User-Agent: SomeGenerator/1.0
            Version: 1
            Original-Mail-From: <bounces+req-7@sender.example>
            Original-Rcpt-To: <complainer@isp.example>

            --f1
            Content-Type: message/rfc822

            From: news@sender.example
            To: complainer@isp.example
            Subject: Do you still want our emails?
            Message-ID: <request-7@sender.example>

            Hello
            --f1--
            """);
        Assert.Equal(BounceClass.Complaint, verdict.Class);
        Assert.Equal(BounceReasons.Complaint, verdict.Reason);
        Assert.Equal("complainer@isp.example", verdict.Recipient);
        Assert.Equal("abuse", verdict.DiagnosticCode);
        Assert.Equal("request-7@sender.example", verdict.OriginalMessageId);
    }

    [Fact]
    public void A_qmail_bounce_is_read_from_its_text()
    {
        var verdict = Classify("""
            From: MAILER-DAEMON@mail.sender.example
            To: news@sender.example
            Subject: failure notice

            Hi. This is the qmail-send program at mail.sender.example.
            I'm afraid I wasn't able to deliver your message to the following addresses.
            This is a permanent error; I've given up. Sorry it didn't work out.

            <gone@old.example>:
            192.0.2.1 does not like recipient.
            Remote host said: 550 5.1.1 <gone@old.example>: Recipient address rejected: User unknown in virtual mailbox table
            Giving up on 192.0.2.1.

            --- Below this line is a copy of the message.

            From: news@sender.example
            To: gone@old.example
            Message-ID: <request-9@sender.example>
            Subject: Do you still want our emails?

            Hello
            """);
        Assert.Equal(BounceClass.Hard, verdict.Class);
        Assert.Equal("gone@old.example", verdict.Recipient);
        Assert.Equal("5.1.1", verdict.Status);
        Assert.Equal("request-9@sender.example", verdict.OriginalMessageId);
    }

    [Fact]
    public void An_old_exchange_bounce_with_a_quota_is_soft()
    {
        var verdict = Classify("""
            From: System Administrator <postmaster@corp.example>
            To: news@sender.example
            Subject: Undeliverable: Do you still want our emails?
            Content-Type: text/plain

            Your message did not reach some or all of the intended recipients.

                  Subject:  Do you still want our emails?
                  Sent:     1/2/2009 10:00 AM

            The following recipient(s) cannot be reached:

                  Full Person on 1/2/2009 10:00 AM
                        The recipient's mailbox is full and can't accept messages now.
                        <mx.corp.example #5.2.2 smtp;552 5.2.2 mailbox quota exceeded (full.person@corp.example)>
            """);
        Assert.Equal(BounceClass.Soft, verdict.Class);
        Assert.Equal(BounceReasons.MailboxFull, verdict.Reason);
        Assert.Equal("full.person@corp.example", verdict.Recipient);
    }

    [Fact]
    public void An_out_of_office_reply_is_not_a_bounce()
    {
        var verdict = Classify("""
            From: Busy Person <busy@client.example>
            To: bounces+req-3@bounces.sender.example
            Subject: Automatic reply: Do you still want our emails?
            Auto-Submitted: auto-replied
            Content-Type: text/plain

            I am out of the office until Monday.
            """);
        Assert.Equal(BounceClass.None, verdict.Class);
        Assert.Equal(BounceReasons.AutoReply, verdict.Reason);
        Assert.Equal("req-3", verdict.VerpId);
    }

    [Fact]
    public void A_read_receipt_is_not_a_bounce()
    {
        var verdict = Classify("""
            From: reader@client.example
            To: news@sender.example
            Subject: Read: Do you still want our emails?
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=disposition-notification; boundary="r1"

            --r1
            Content-Type: text/plain

            Your message was displayed.

            --r1
            Content-Type: message/disposition-notification

            Final-Recipient: rfc822; reader@client.example
            Disposition: manual-action/MDN-sent-manually; displayed

            --r1--
            """);
        Assert.Equal(BounceClass.None, verdict.Class);
        Assert.Equal(BounceReasons.Receipt, verdict.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\0\0\0 not a message at all \u00ff")]
    [InlineData("Subject: hello\r\n\r\nJust a note, nothing to do with mail delivery.")]
    public void Garbage_is_unknown_and_never_throws(string raw)
    {
        var verdict = Classify(raw);
        Assert.Equal(BounceClass.Unknown, verdict.Class);
    }

    [Fact]
    public void A_stream_that_fails_is_unparseable()
    {
        var verdict = BounceClassifier.Classify(new FailingStream(), "bounces+9@b.example");
        Assert.Equal(BounceClass.Unknown, verdict.Class);
        Assert.Equal(BounceReasons.Unparseable, verdict.Reason);
        Assert.Equal("9", verdict.VerpId);
    }

    [Fact]
    public void Cr_only_line_ends_give_the_same_verdict()
    {
        var raw = Dsn("failed", "5.1.1", "550 5.1.1 User unknown").ReplaceLineEndings("\r");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(raw));
        var verdict = BounceClassifier.Classify(stream);
        Assert.Equal(BounceClass.Hard, verdict.Class);
        Assert.Equal("old.customer@shop.example", verdict.Recipient);
    }

    [Fact]
    public void The_envelope_address_gives_the_verp_id_first()
    {
        var verdict = Classify(Dsn("failed", "5.1.1", "550 5.1.1 User unknown"), envelopeTo: "<bounces+req-99@bounces.sender.example>");
        Assert.Equal("req-99", verdict.VerpId);
    }

    private sealed class FailingStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("disk gone");

        public override int Read(Span<byte> buffer) => throw new IOException("disk gone");
    }
}
