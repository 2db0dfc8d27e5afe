using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Bounces;
using ReOptIn.Core.Campaigns;
using ReOptIn.IntegrationTests.Dispatch;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Bounces;

/// <summary>Returned messages uploaded on /Admin/Bounces/Upload: one .eml, a whole .mbox, and files that are not mail.</summary>
public sealed class BounceUploadTests
{
    private static async Task<string> UploadAsync(Browser admin, byte[] content, string fileName)
    {
        var token = Browser.TokenIn(await admin.GetPageAsync("/Admin/Bounces/Upload"));
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        var response = await admin.Http.PostAsync("/Admin/Bounces/Upload", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"The upload answered {(int)response.StatusCode}: {html}");
        return html;
    }

    /// <summary>An mbox as mail clients write it: a "From " line before each message, "From " at a line start in a body quoted as ">From ".</summary>
    private static byte[] Mbox(IEnumerable<byte[]> messages)
    {
        var text = new StringBuilder();
        foreach (var m in messages)
        {
            text.Append("From MAILER-DAEMON Thu Nov 26 10:00:00 2026\n");
            foreach (var line in Encoding.UTF8.GetString(m).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
                text.Append(line.StartsWith("From ", StringComparison.Ordinal) ? ">" + line : line).Append('\n');
            text.Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [Fact]
    public async Task An_mbox_and_an_eml_are_processed_message_by_message_with_a_summary()
    {
        await using var f = await DispatchFixture.StartAsync();
        var senderId = await f.CreateSenderAsync();
        var id = await f.ApprovedCampaignAsync(senderId, await f.ImportListAsync(["hard@a.example.org", "angry@b.example.org", "full@c.example.org"]));
        await f.PostOkAsync($"/api/v1/campaigns/{id}/launch");
        await f.WaitForStatusAsync(id, "Sent");
        var sent = f.Smtp.Received.ToDictionary(m => m.Recipients.Single(), m => (Envelope: m.EnvelopeFrom, MessageId: "<" + m.Message.MessageId + ">"));

        var hard = BounceMail.Bytes(BounceMail.Dsn("hard@a.example.org", "5.1.1", "failed", "550 5.1.1 user unknown", sent["hard@a.example.org"].MessageId, sent["hard@a.example.org"].Envelope));
        var soft = BounceMail.Bytes(BounceMail.Dsn("full@c.example.org", "4.2.2", "delayed", "452 4.2.2 mailbox full", sent["full@c.example.org"].MessageId, sent["full@c.example.org"].Envelope));
        var mbox = Mbox([hard, soft, BounceMail.Sample("lhost-postfix-02.eml"), BounceMail.Sample("lhost-sendmail-15.eml"), BounceMail.Sample("rfc3464-28.eml")]);

        using var admin = Browser.Open(f.App);
        await admin.SignInAsync(ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!, ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!);
        var page = await UploadAsync(admin, mbox, "Bounces.mbox");
        Assert.Contains("Bounces.mbox: 5 message(s) processed", page, StringComparison.Ordinal);
        Assert.Contains("<strong>1</strong> bounced", page, StringComparison.Ordinal);
        Assert.Contains("<strong>1</strong> soft bounces", page, StringComparison.Ordinal);
        Assert.Contains("<strong>1</strong> not bounces", page, StringComparison.Ordinal);
        Assert.Contains("<strong>2</strong> to review", page, StringComparison.Ordinal);   // real bounces for people we never wrote to
        Assert.Contains("Review 2 message(s)", page, StringComparison.Ordinal);

        // One .eml: the complaint.
        var eml = await UploadAsync(admin, BounceMail.Bytes(BounceMail.Complaint("angry@b.example.org", sent["angry@b.example.org"].MessageId)), "complaint.eml");
        Assert.Contains("complaint.eml: 1 message(s) processed", eml, StringComparison.Ordinal);
        Assert.Contains("<strong>1</strong> complaints", eml, StringComparison.Ordinal);

        // The same mbox again: recognised, nothing done twice.
        var again = await UploadAsync(admin, mbox, "Bounces.mbox");
        Assert.Contains("<strong>5</strong> processed before: nothing done again", again, StringComparison.Ordinal);

        await using var scope = f.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.ReOptInDb>();
        var states = await db.Requests.Include(r => r.Contact).ToDictionaryAsync(r => r.Contact!.Email, r => r.State);
        Assert.Equal(RequestState.Bounced, states["hard@a.example.org"]);
        Assert.Equal(RequestState.Complained, states["angry@b.example.org"]);
        Assert.Equal(RequestState.Sent, states["full@c.example.org"]);
        var reports = await db.Bounces.AsNoTracking().ToListAsync();
        Assert.Equal(6, reports.Count);
        Assert.All(reports, r => Assert.Equal("upload", r.Source));
        Assert.Equal(2, reports.Count(r => r.Action == BounceAction.NeedsReview));
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == Core.Auditing.AuditActions.BouncesUploaded && a.Subject == "Bounces.mbox"));
    }

    [Fact]
    public async Task Files_that_are_not_mail_empty_or_too_large_get_a_clear_message()
    {
        await using var app = ReOptInFactory.Sqlite(DispatchFixture.Settings(new Dictionary<string, string?> { ["Bounces:MaxUploadBytes"] = "4096" }));
        using var admin = Browser.Open(app);
        await admin.SignInAsync(ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!, ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!);

        Assert.Contains("The file is empty.", await UploadAsync(admin, [], "empty.eml"), StringComparison.Ordinal);
        Assert.Contains("The file is empty.", await UploadAsync(admin, "\r\n\r\n  \n"u8.ToArray(), "blank.mbox"), StringComparison.Ordinal);
        Assert.Contains("This is not a mail file: it does not start with mail headers",
            await UploadAsync(admin, "email,first name\nann@example.org,Ann\n"u8.ToArray(), "contacts.eml"), StringComparison.Ordinal);
        Assert.Contains("This is not a mail file (it holds binary data)",
            await UploadAsync(admin, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], "picture.mbox"), StringComparison.Ordinal);
        var large = await UploadAsync(admin, Encoding.UTF8.GetBytes("Subject: big\r\n\r\n" + new string('x', 5000)), "big.eml");
        Assert.Contains("the limit is 4 KB (Bounces:MaxUploadBytes)", large, StringComparison.Ordinal);

        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<Core.Data.ReOptInDb>().Bounces.CountAsync());
    }
}
