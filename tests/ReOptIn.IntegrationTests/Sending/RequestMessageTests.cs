using MimeKit;
using MimeKit.Cryptography;
using ReOptIn.Core.Sending;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Sending;

/// <summary>Build a request, send it through a real SMTP server, and read what arrived.</summary>
public class RequestMessageTests
{
    private static readonly DateTimeOffset Date = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    [Fact]
    public async Task A_sent_request_arrives_with_its_headers_both_parts_and_the_VERP_envelope()
    {
        await using var server = await TestSmtpServer.StartAsync();
        var request = SendingFixtures.Request();
        var message = RequestMessageBuilder.Build(request, dkim: null, Date);
        var envelopeFrom = RequestMessageBuilder.EnvelopeSender(request.Sender, request.VerpId);

        await using (var relay = await RelayClient.ConnectAsync(server.Relay(), CancellationToken.None))
        {
            await relay.SendAsync(message, envelopeFrom, request.ToAddress, CancellationToken.None);
        }

        var received = Assert.Single(await server.WaitForMessagesAsync(1, SendingFixtures.Wait));
        Assert.Equal("bounces+abc123@example.com", received.EnvelopeFrom);
        Assert.Equal(["bob@example.com"], received.Recipients);
        var got = received.Message;
        Assert.Equal("\"Ada at Example\" <news@example.com>", got.From.ToString());
        Assert.Equal("help@example.com", got.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("\"Bob Example\" <bob@example.com>", got.To.ToString());
        Assert.Equal("May we keep writing to you?", got.Subject);
        Assert.Equal(Date, got.Date);
        Assert.Equal(request.MessageId, $"<{got.MessageId}>");
        Assert.Equal("<https://example.com/u/abc123>, <mailto:unsubscribe+abc123@example.com>", got.Headers[HeaderId.ListUnsubscribe]);
        Assert.Equal("List-Unsubscribe=One-Click", got.Headers[HeaderId.ListUnsubscribePost]);

        var alternative = Assert.IsType<MultipartAlternative>(got.Body);
        Assert.Collection(alternative,
            part => Assert.Equal("text/plain; charset=utf-8", part.ContentType.MimeType + "; charset=" + part.ContentType.Charset),
            part => Assert.Equal("text/html; charset=utf-8", part.ContentType.MimeType + "; charset=" + part.ContentType.Charset));
        Assert.Equal("Héllo Bob, yes please: https://example.com/c/abc", got.TextBody);
        Assert.Contains("<a href=\"https://example.com/c/abc\">", got.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_DKIM_signature_survives_the_relay_and_covers_the_headers_that_matter()
    {
        var key = DkimKeys.Generate();
        var dkim = new DkimSettings("example.com", "rq2025", key.PrivateKeyPem);
        await using var server = await TestSmtpServer.StartAsync();
        var request = SendingFixtures.Request();
        var message = RequestMessageBuilder.Build(request, dkim, Date);

        await using (var relay = await RelayClient.ConnectAsync(server.Relay(), CancellationToken.None))
        {
            await relay.SendAsync(message, RequestMessageBuilder.EnvelopeSender(request.Sender, request.VerpId), request.ToAddress, CancellationToken.None);
        }

        var got = Assert.Single(await server.WaitForMessagesAsync(1, SendingFixtures.Wait)).Message;
        var signature = got.Headers.Single(h => h.Id == HeaderId.DkimSignature);
        var tags = WithoutWhitespace(signature.Value);
        Assert.Contains("a=rsa-sha256;", tags, StringComparison.Ordinal);
        Assert.Contains("c=relaxed/relaxed;", tags, StringComparison.Ordinal);
        Assert.Contains("d=example.com;", tags, StringComparison.Ordinal);
        Assert.Contains("s=rq2025;", tags, StringComparison.Ordinal);
        Assert.Contains("h=from:to:subject:date:message-id:list-unsubscribe:list-unsubscribe-post:reply-to;", tags.ToLowerInvariant(), StringComparison.Ordinal);

        var verifier = new DkimVerifier(new FixedDkimKeyLocator(key.PrivateKeyPem));
        Assert.True(await verifier.VerifyAsync(got, signature));

        got.Subject = "May we keep writing to you? (changed)";
        Assert.False(await verifier.VerifyAsync(got, signature));
    }

    [Fact]
    public void A_signature_without_optional_headers_lists_only_those_present()
    {
        var key = DkimKeys.Generate();
        var request = SendingFixtures.Request() with
        {
            Sender = SendingFixtures.Sender() with { ReplyTo = null },
            UnsubscribeUrl = null,
            UnsubscribeMailto = null,
        };

        var message = RequestMessageBuilder.Build(request, new DkimSettings("example.com", "s1", key.PrivateKeyPem), Date);

        var signature = WithoutWhitespace(message.Headers[HeaderId.DkimSignature]!);
        Assert.Contains("h=from:to:subject:date:message-id;", signature, StringComparison.OrdinalIgnoreCase);
        Assert.False(message.Headers.Contains(HeaderId.ListUnsubscribe));
        Assert.False(message.Headers.Contains(HeaderId.ListUnsubscribePost));
    }

    [Fact]
    public void Only_an_https_unsubscribe_URL_offers_one_click()
    {
        var request = SendingFixtures.Request() with { UnsubscribeUrl = "http://example.com/u/abc", UnsubscribeMailto = "mailto:u@example.com?subject=unsubscribe" };

        var message = RequestMessageBuilder.Build(request, dkim: null, Date);

        Assert.Equal("<http://example.com/u/abc>, <mailto:u@example.com?subject=unsubscribe>", message.Headers[HeaderId.ListUnsubscribe]);
        Assert.False(message.Headers.Contains(HeaderId.ListUnsubscribePost));
    }

    [Fact]
    public async Task Line_breaks_in_names_and_subject_never_become_headers()
    {
        await using var server = await TestSmtpServer.StartAsync();
        var request = SendingFixtures.Request(
            toName: "Bob\r\nCc: victim2@example.com",
            sender: SendingFixtures.Sender("Eve\r\nBcc: victim@example.com"),
            subject: "Hi\r\nBcc: victim3@example.com\nX-Evil: 1");
        var message = RequestMessageBuilder.Build(request, dkim: null, Date);

        await using (var relay = await RelayClient.ConnectAsync(server.Relay(), CancellationToken.None))
        {
            await relay.SendAsync(message, "news@example.com", request.ToAddress, CancellationToken.None);
        }

        var received = Assert.Single(await server.WaitForMessagesAsync(1, SendingFixtures.Wait));
        Assert.Equal(["bob@example.com"], received.Recipients);
        var got = received.Message;
        string[] expected = ["content-type", "date", "from", "list-unsubscribe", "list-unsubscribe-post", "message-id", "mime-version", "reply-to", "subject", "to"];
        var raw = HeaderList.Load(new MemoryStream(received.Raw)); // the header block exactly as it arrived
        Assert.Equal(expected, raw.Select(h => h.Field.ToLowerInvariant()).Order(StringComparer.Ordinal));
        Assert.Equal("Eve Bcc: victim@example.com", got.From.Mailboxes.Single().Name);
        Assert.Equal("news@example.com", got.From.Mailboxes.Single().Address);
        Assert.Equal("Bob Cc: victim2@example.com", got.To.Mailboxes.Single().Name);
        Assert.Equal("Hi Bcc: victim3@example.com X-Evil: 1", got.Subject);
    }

    [Fact]
    public void Message_ids_are_unique_and_bracketed()
    {
        var at = new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 1000).Select(_ => RequestMessageBuilder.NewMessageId("example.com", at)).ToHashSet();

        Assert.Equal(1000, ids.Count);
        Assert.All(ids, id => Assert.Matches("^<[0-9a-f]{32}@example.com>$", id));
        Assert.EndsWith("@xn--bcher-kva.example>", RequestMessageBuilder.NewMessageId("bücher.example", at), StringComparison.Ordinal);
    }

    [Fact]
    public void Message_ids_made_later_sort_after_earlier_ones()
    {
        // The time comes first so that a group's ids sit together in the MessageId index (docs/performance.md, Dispatch).
        var at = new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 200).Select(i => RequestMessageBuilder.NewMessageId("example.com", at.AddMilliseconds(i))).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.StartsWith("<" + at.ToUnixTimeMilliseconds().ToString("x12", System.Globalization.CultureInfo.InvariantCulture), ids[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bounces+{id}@example.com", "abc123", "bounces+abc123@example.com")]
    [InlineData("bounces+{id}@example.com", null, "news@example.com")]
    [InlineData("bounces@example.com", "abc123", "bounces@example.com")]
    [InlineData(null, "abc123", "news@example.com")]
    public void The_envelope_sender_follows_the_bounce_address(string? bounce, string? verpId, string expected)
    {
        var sender = SendingFixtures.Sender() with { BounceAddress = bounce };

        Assert.Equal(expected, RequestMessageBuilder.EnvelopeSender(sender, verpId));
    }

    [Fact]
    public void A_VERP_id_that_would_break_the_address_is_refused()
    {
        Assert.Throws<ArgumentException>(() => RequestMessageBuilder.EnvelopeSender(SendingFixtures.Sender(), "a@b>"));
    }

    /// <summary>DKIM tag lists are folded over several lines; compare them unfolded.</summary>
    private static string WithoutWhitespace(string value) => string.Concat(value.Where(c => !char.IsWhiteSpace(c)));
}
