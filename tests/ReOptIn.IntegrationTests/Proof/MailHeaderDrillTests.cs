using System.Net;
using System.Net.Http.Json;
using System.Text;
using MimeKit;

namespace ReOptIn.IntegrationTests.Proof;

/// <summary>
/// CR/LF in a contact's names (imported) never reaches a header of a sent message, through the test send
/// or the real send; CR/LF in the sender's name or the subject is refused when typed.
/// </summary>
[Collection(PoisonedApp.Collection)]
public sealed class MailHeaderDrillTests(PoisonedApp app)
{
    private static readonly HashSet<string> Expected = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "Subject", "Message-Id", "From", "To", "Reply-To", "List-Unsubscribe", "List-Unsubscribe-Post",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "DKIM-Signature", "Feedback-ID", "X-Mailer",
    };

    [Fact]
    public void Names_with_line_breaks_stay_inside_the_To_header_of_every_message()
    {
        var messages = app.Smtp.Received;
        Assert.Equal(1 + PoisonedApp.ContactAddresses.Length, messages.Count);
        foreach (var received in messages)
        {
            var fields = HeaderFields(received.Raw);
            var unexpected = fields.Where(f => !Expected.Contains(f)).ToList();
            Assert.True(unexpected.Count == 0, $"Unexpected header fields in the message to {received.Recipients[0]}: {string.Join(", ", unexpected)}");
            var message = received.Message;
            Assert.Empty(message.Bcc);
            Assert.Empty(message.Cc);
            var to = Assert.Single(message.To.Mailboxes);
            Assert.Equal(received.Recipients.Single(), to.Address);
            Assert.DoesNotContain('\r', to.Name ?? "");
            Assert.DoesNotContain('\n', to.Name ?? "");
            Assert.DoesNotContain("injected@evil.example", received.Recipients);
        }
        // Bob's name arrived, on one line, with the would-be header as plain text inside it.
        var bob = messages.Single(m => m.Recipients.Single() == PoisonedApp.ContactAddresses[1]).Message.To.Mailboxes.Single();
        Assert.Contains("Bcc: injected@evil.example", bob.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Line_breaks_in_the_senders_name_or_the_subject_are_refused()
    {
        var sender = await app.Api.Http.PostAsJsonAsync("/api/v1/senders", new
        {
            name = "Another relay",
            fromName = "Example Shop" + Payload.HeaderInjection,
            fromAddress = "news@shop.example.com",
            postalAddress = "1 Rue de la Paix, Paris",
            smtp = new { host = app.Smtp.Host, port = app.Smtp.Port, security = "None" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, sender.StatusCode);
        Assert.Contains("fromName", await sender.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var campaign = await app.Api.Http.PutAsJsonAsync($"/api/v1/campaigns/{app.CampaignId}", new
        {
            name = "Renamed", subject = "Hello" + Payload.HeaderInjection, bodyMarkdown = "{{ confirm_url }}", consentStatement = "Yes", language = "en",
        });
        Assert.Equal(HttpStatusCode.BadRequest, campaign.StatusCode);
        Assert.Contains("subject", await campaign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The field names of the top-level header, read from the raw bytes (a folded line continues the previous field).</summary>
    private static List<string> HeaderFields(byte[] raw)
    {
        var text = Encoding.ASCII.GetString(raw);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return text[..end].Split("\r\n")
            .Where(line => line.Length > 0 && line[0] is not (' ' or '\t'))
            .Select(line => line[..line.IndexOf(':', StringComparison.Ordinal)])
            .ToList();
    }
}
