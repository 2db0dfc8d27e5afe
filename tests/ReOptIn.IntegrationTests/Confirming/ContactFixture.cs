using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Data;
using ReOptIn.Core.Sending;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Confirming;

/// <summary>A sent request as the dispatcher leaves it: a contact in a list, a launched campaign, the link token.</summary>
internal sealed record SentRequest(long RequestId, int CampaignId, long ContactId, string Token, string Email)
{
    public string ConfirmUrl => "/c/" + Token;
    public string DeclineUrl => "/d/" + Token;
    public string UnsubscribeUrl => "/u/" + Token;
}

internal static class ContactFixture
{
    public const string Statement = "I agree to receive the Example Shop newsletter by email.";

    /// <summary>Settings that keep the rate limiter out of the way of ordinary tests.</summary>
    public static Dictionary<string, string?> Settings(int permitPerMinute = 100_000) => new()
    {
        ["PublicPages:PermitPerMinute"] = permitPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Tests visit right after "sending": keep the delivery-window flag out of the way unless asked.
        ["PublicPages:ScannerWindow"] = "00:00:00",
    };

    public static async Task<SentRequest> SendAsync(ReOptInFactory app, string? email = null, string? firstName = "Jane",
        string language = "en", string? incentiveCode = "THANKS10", Action<Campaign>? configure = null, DateTime? sentAt = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var hasher = scope.ServiceProvider.GetRequiredService<AddressHasher>();
        var now = DateTime.UtcNow;
        // Tests share an app: every contact needs its own address.
        var unique = Guid.NewGuid().ToString("N")[..8];
        email ??= $"jane.{unique}@example.com";

        var sender = new SenderProfile("Shop relay " + unique, now) { FromName = "Example Shop", FromAddress = "news@shop.example.com", PostalAddress = "1 Rue de la Paix, Paris", SmtpHost = "localhost" };
        var list = new ContactList("Shop 2019 " + unique, "You bought from our shop in 2019", now);
        var normalized = EmailAddress.Normalize(email)!;
        var contact = new Contact(email, normalized, hasher.HashNormalized(normalized), now) { FirstName = firstName, LastName = "Doe" };
        db.AddRange(sender, list, contact);
        await db.SaveChangesAsync();
        db.Memberships.Add(new ListMembership { ListId = list.Id, ContactId = contact.Id, AddedAt = now });

        var campaign = new Campaign("Newsletter " + unique, now)
        {
            Sender = sender, SenderProfileId = sender.Id, Subject = "May we keep writing to you?", BodyMarkdown = "{{ confirm_url }}",
            Language = language, Purpose = "A monthly newsletter", AskName = true, InterestOptions = "Shoes\nBags\nSales",
            IncentiveDescription = "A thank-you code", IncentiveCode = incentiveCode,
        };
        campaign.SetConsentStatement(Statement);
        campaign.Lists.Add(list);
        configure?.Invoke(campaign);
        campaign.Submit(now, null);
        campaign.Approve(now, null);
        campaign.Launch(now);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();

        var request = new PermissionRequest(campaign.Id, contact.Id, contact.AddressHash, now);
        db.Requests.Add(request);
        var token = await SaveAsSentAsync(db, request, now, sentAt ?? now.AddMinutes(-10), $"<{Guid.NewGuid():N}@shop.example.com>");
        return new SentRequest(request.Id, campaign.Id, contact.Id, token, email);
    }

    /// <summary>
    /// Saves <paramref name="request"/> (added to <paramref name="db"/>, with what else is pending there) as the
    /// dispatcher leaves it: Sent, with its link; returns the link's token. The link carries the request's id, so
    /// the row is saved queued first, inside one transaction: the app's sending worker (the campaign is Sending)
    /// must never see it queued and claim it.
    /// </summary>
    public static async Task<string> SaveAsSentAsync(ReOptInDb db, PermissionRequest request, DateTime now, DateTime sentAt, string? messageId = null)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.SaveChangesAsync();
        request.MoveTo(RequestState.Sending, now);
        var token = request.IssueToken();
        if (messageId is not null) request.MessageId = messageId;
        request.MoveTo(RequestState.Sent, sentAt);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return token;
    }

    public static async Task<T> ReadAsync<T>(ReOptInFactory app, Func<ReOptInDb, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<ReOptInDb>());
    }

    public static Task<PermissionRequest> RequestAsync(ReOptInFactory app, long id) =>
        ReadAsync(app, db => db.Requests.AsNoTracking().SingleAsync(r => r.Id == id));
}
