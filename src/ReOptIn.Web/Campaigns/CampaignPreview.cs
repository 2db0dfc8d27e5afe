using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Composing;
using ReOptIn.Core.Composing.Rendering;
using ReOptIn.Core.Data;
using ReOptIn.Core.Sending;

namespace ReOptIn.Web.Campaigns;

/// <summary>The request as one contact of the campaign's lists will see it, and the test send.</summary>
public sealed class CampaignPreview(ReOptInDb db, RequestRenderer renderer, SenderSecrets secrets, IConfiguration configuration, IHttpContextAccessor http)
{
    /// <summary>Who the preview shows: a contact of the campaign's lists, or a made-up one when the lists are empty.</summary>
    public sealed record PreviewContact(long? Id, string Email, string? FirstName, string? LastName, string? Source, string? ListSource);

    public static readonly PreviewContact Sample = new(null, "alex.martin@example.com", "Alex", "Martin", null, null);

    /// <summary>A contact of the campaign's lists (the first one when <paramref name="contactId"/> is null); null when that contact is not in them.</summary>
    public async Task<PreviewContact?> ContactAsync(Campaign c, long? contactId, CancellationToken ct)
    {
        var found = await Members(c, contactId).FirstOrDefaultAsync(ct);
        return found ?? (contactId is null ? Sample : null);
    }

    /// <summary>The first contacts of the campaign's lists, to choose whom the preview shows.</summary>
    public async Task<IReadOnlyList<PreviewContact>> ChoicesAsync(Campaign c, int count, CancellationToken ct) =>
        await Members(c, contactId: null).Take(count).ToListAsync(ct);

    /// <summary>Links under <c>Links:PublicBaseUrl</c>, or under the address this request reached the app at.</summary>
    private PublicLinks Links(string token)
    {
        var request = http.HttpContext?.Request;
        var baseUrl = configuration[PublicLinks.BaseUrlSetting]
            ?? (request is null ? throw new InvalidOperationException($"Set {PublicLinks.BaseUrlSetting}.") : $"{request.Scheme}://{request.Host}{request.PathBase}");
        return PublicLinks.For(baseUrl, token);
    }

    private IQueryable<PreviewContact> Members(Campaign c, long? contactId)
    {
        var listIds = c.Lists.Select(l => l.Id).ToList();
        return db.Memberships.AsNoTracking().Where(m => listIds.Contains(m.ListId) && (contactId == null || m.ContactId == contactId))
            .OrderBy(m => m.ContactId)
            .Select(m => new PreviewContact(m.ContactId, m.Contact!.Email, m.Contact.FirstName, m.Contact.LastName, m.Source, m.List!.Source));
    }

    /// <summary>Renders for <paramref name="contact"/> with links that carry <paramref name="token"/> (a preview token opens no real form).</summary>
    /// <exception cref="TemplateProblemException">The text uses an unknown placeholder or is not valid Liquid.</exception>
    public RenderedRequest Render(Campaign c, PreviewContact contact, string token = "preview")
    {
        var links = Links(token);
        var values = RequestValuesFor.Contact(c, contact.FirstName, contact.LastName, contact.Source, contact.ListSource, links);
        return renderer.Render(new RequestContent(c.Subject, c.BodyMarkdown, c.Language), values);
    }

    /// <summary>Sends the rendered request to <paramref name="to"/> through the campaign's sender, marked as a test.</summary>
    /// <exception cref="RelayException">The relay could not be reached or refused the message.</exception>
    public async Task<string> TestSendAsync(Campaign c, PreviewContact contact, string to, TimeProvider clock, CancellationToken ct)
    {
        if (c.Sender is null) throw new InvalidOperationException("The campaign has no sender.");
        var rendered = Render(c, contact, token: "test");
        rendered = rendered with { Subject = "[Test] " + rendered.Subject };
        var links = Links("test");
        var messageId = RequestMessageBuilder.NewMessageId(c.Sender.FromDomain, clock.GetUtcNow());
        var outgoing = new OutgoingRequest(c.Sender.Identity, to, null, rendered, messageId, links.UnsubscribeUrl,
            UnsubscribeMailto: null, VerpId: "test");
        var message = RequestMessageBuilder.Build(outgoing, secrets.Dkim(c.Sender), clock.GetUtcNow());
        await using var relay = await RelayClient.ConnectAsync(secrets.Relay(c.Sender), ct);
        await relay.SendAsync(message, RequestMessageBuilder.EnvelopeSender(c.Sender.Identity, "test"), to, ct);
        return messageId;
    }
}
