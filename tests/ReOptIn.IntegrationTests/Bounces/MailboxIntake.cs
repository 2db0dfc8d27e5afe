using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Bounces;
using ReOptIn.Core.Bounces.Intake;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Dispatch;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Bounces;

/// <summary>
/// A real dovecot, and an app that really sent a campaign through the test SMTP server: what each
/// request's bounce looks like (VERP envelope, Message-ID), and steps to set up the sender's bounce mailbox.
/// </summary>
internal sealed class MailboxIntake(DovecotServer imap, DispatchFixture app, int senderId, IReadOnlyDictionary<string, (string Envelope, string MessageId)> sent)
    : IAsyncDisposable
{
    public DovecotServer Imap { get; } = imap;
    public DispatchFixture App { get; } = app;
    public int SenderId { get; } = senderId;

    /// <summary>Per recipient: the VERP envelope sender and the Message-ID the request went out with.</summary>
    public IReadOnlyDictionary<string, (string Envelope, string MessageId)> Sent { get; } = sent;

    public int CampaignId { get; private init; }

    public static Dictionary<string, string?> Settings(IDictionary<string, string?>? extra = null)
    {
        var settings = DispatchFixture.Settings(new Dictionary<string, string?> { ["Bounces:PollInterval"] = "00:00:01", ["Bounces:Timeout"] = "00:00:10" });
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        return settings;
    }

    /// <summary>Starts dovecot and the app, and sends a campaign to <paramref name="addresses"/>.</summary>
    public static async Task<MailboxIntake> StartAsync(string[] addresses, IDictionary<string, string?>? settings = null, ReOptInFactory? app = null)
    {
        var imap = await DovecotServer.StartAsync();
        var f = await DispatchFixture.StartAsync(settings: Settings(settings), app: app);
        var senderId = await f.CreateSenderAsync();
        var listId = await f.ImportListAsync(addresses);
        var id = await f.ApprovedCampaignAsync(senderId, listId);
        await f.PostOkAsync($"/api/v1/campaigns/{id}/launch");
        await f.WaitForStatusAsync(id, "Sent");
        var sent = f.Smtp.Received.ToDictionary(m => m.Recipients.Single(), m => (Envelope: m.EnvelopeFrom, MessageId: "<" + m.Message.MessageId + ">"));
        return new MailboxIntake(imap, f, senderId, sent) { CampaignId = id };
    }

    /// <summary>A hard bounce as the recipient's server sends it: to the request's VERP address.</summary>
    public byte[] HardBounce(string recipient) =>
        BounceMail.Bytes(BounceMail.Dsn(recipient, "5.1.1", "failed", $"550 5.1.1 <{recipient}>: user unknown", Sent[recipient].MessageId, Sent[recipient].Envelope));

    public byte[] SoftBounce(string recipient) =>
        BounceMail.Bytes(BounceMail.Dsn(recipient, "4.2.2", "delayed", "452 4.2.2 mailbox full", Sent[recipient].MessageId, Sent[recipient].Envelope));

    public byte[] Complaint(string recipient) => BounceMail.Bytes(BounceMail.Complaint(recipient, Sent[recipient].MessageId));

    /// <summary>An admin signed in with the bootstrap account.</summary>
    public async Task<Browser> AdminAsync(ReOptInFactory? app = null)
    {
        var admin = Browser.Open(app ?? App.App);
        await admin.SignInAsync(ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!, ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!);
        return admin;
    }

    /// <summary>Sets up the sender's bounce mailbox on its page, as an admin would.</summary>
    public async Task ConfigureMailboxAsync(string? processedFolder = BounceMailbox.DefaultProcessedFolder, string? password = null, int? port = null)
    {
        using var admin = await AdminAsync();
        var page = $"/Admin/Senders/Mailbox/{SenderId}";
        var response = await admin.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Input.Enabled"] = "true",
            ["Input.Host"] = Imap.Host,
            ["Input.Port"] = (port ?? Imap.Port).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Security"] = "None",
            ["Input.Username"] = Imap.User,
            ["Input.Password"] = password ?? Imap.Password,
            ["Input.Folder"] = "INBOX",
            ["Input.ProcessedFolder"] = processedFolder ?? "",
        }, page + "?handler=Save");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Saving the mailbox answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<T> DbAsync<T>(Func<ReOptInDb, Task<T>> query, ReOptInFactory? app = null)
    {
        await using var scope = (app ?? App.App).Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ReOptInDb>());
    }

    public Task<Dictionary<string, RequestState>> StatesAsync() =>
        DbAsync(db => db.Requests.Include(r => r.Contact).ToDictionaryAsync(r => r.Contact!.Email, r => r.State));

    public Task<BounceMailbox> MailboxAsync() => DbAsync(db => db.BounceMailboxes.AsNoTracking().SingleAsync(m => m.SenderProfileId == SenderId));

    public Task<List<BounceReport>> ReportsAsync() => DbAsync(db => db.Bounces.AsNoTracking().OrderBy(b => b.Id).ToListAsync());

    /// <summary>Waits until <paramref name="done"/> holds; fails with <paramref name="what"/> and dovecot's log after <paramref name="limit"/> (30 s).</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> done, string what, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (!await done())
        {
            if (DateTime.UtcNow > until)
            {
                var mailbox = await DbAsync(db => db.BounceMailboxes.AsNoTracking().SingleOrDefaultAsync(m => m.SenderProfileId == SenderId));
                Assert.Fail($"Waited in vain for: {what}. Mailbox status: {mailbox?.LastPollOk} {mailbox?.LastPollMessage}\nApp log:\n{App.App.ReadLogs()}");
            }
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Imap.DisposeAsync();
    }
}
