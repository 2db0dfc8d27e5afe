using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Bounces;
using ReOptIn.Core.Bounces.Intake;
using ReOptIn.Core.Bounces.Uploads;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.IntegrationTests.Dispatch;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Bounces;

/// <summary>
/// Returned messages uploaded on /Admin/Bounces/Upload: the page checks and stores the file and queues
/// a job; the worker processes it in the background while the job page shows the progress.
/// </summary>
public sealed class BounceUploadTests
{
    private static readonly string AdminEmail = ApiClient.BootstrapSettings["Bootstrap:AdminEmail"]!;
    private static readonly string AdminPassword = ApiClient.BootstrapSettings["Bootstrap:AdminPassword"]!;

    /// <summary>Five real returned messages (see Samples/README.md): four for nobody we wrote to (to review), one delivery report (ignored).</summary>
    private static readonly string[] Samples = ["lhost-postfix-02.eml", "lhost-sendmail-15.eml", "lhost-exchange2007-02.eml", "arf-17.eml", "rfc3464-28.eml"];

    /// <summary>The samples' recipients: none may reach the log.</summary>
    private static readonly string[] SampleRecipients = ["userunknown@example.co.jp", "kijitora@example.org", "kijitora@example.edu", "kijitora@example.com"];

    private static async Task<HttpResponseMessage> PostFileAsync(Browser admin, byte[] content, string fileName)
    {
        var token = Browser.TokenIn(await admin.GetPageAsync("/Admin/Bounces/Upload"));
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await admin.Http.PostAsync("/Admin/Bounces/Upload", form);
    }

    /// <summary>An upload the page refuses: it answers with the form again and a message.</summary>
    private static async Task<string> RefusedAsync(Browser admin, byte[] content, string fileName)
    {
        var response = await PostFileAsync(admin, content, fileName);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"The refused upload answered {(int)response.StatusCode}: {html}");
        return html;
    }

    /// <summary>Uploads, follows the redirect to the job page, and waits there (as the page's refresh does) until the job ended.</summary>
    private static async Task<(long Id, string Page)> UploadAsync(Browser admin, byte[] content, string fileName)
    {
        var response = await PostFileAsync(admin, content, fileName);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"The upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var location = response.Headers.Location!.ToString();
        Assert.Matches(@"^/Admin/Bounces/Uploads/\d+$", location);
        var id = long.Parse(location[(location.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return (id, await FinishedPageAsync(admin, id));
    }

    private static async Task<string> FinishedPageAsync(Browser admin, long id)
    {
        for (var i = 0; i < 600; i++)
        {
            var page = WebUtility.HtmlDecode(await admin.GetPageAsync($"/Admin/Bounces/Uploads/{id}"));
            if (!page.Contains("http-equiv=\"refresh\"", StringComparison.Ordinal)) return page;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Bounce upload {id} did not end.");
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

    private static byte[] SamplesMbox() => Mbox(Samples.Select(BounceMail.Sample));

    private static async Task<List<BounceFileMessage>> MessagesOfAsync(byte[] file)
    {
        using var stream = new MemoryStream(file);
        var messages = new List<BounceFileMessage>();
        await foreach (var m in BounceFile.ReadAsync(stream, 1 << 20)) messages.Add(m);
        return messages;
    }

    private static string[] StoredUploads(ReOptInFactory app) => Directory.GetFiles(app.Service<ImportOptions>().Folder, "bounces-*");

    private static async Task<BounceUploadJob> JobAsync(ReOptInFactory app, long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReOptInDb>().BounceUploadJobs.AsNoTracking().SingleAsync(j => j.Id == id);
    }

    private static async Task<int> ReportCountAsync(ReOptInFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReOptInDb>().Bounces.CountAsync();
    }

    /// <summary>
    /// An instance that was processing <paramref name="file"/> and got through its first <paramref name="done"/> messages:
    /// they are processed for real, and the job is saved as that instance saved it (counts, position, its claim).
    /// </summary>
    private static async Task<long> JobPartlyDoneAsync(ReOptInFactory app, byte[] file, string fileName, int done, DateTime leaseExpiresAt)
    {
        var messages = await MessagesOfAsync(file);
        var path = Path.Combine(app.Service<ImportOptions>().Folder, $"bounces-{Guid.NewGuid():N}.mail");
        await File.WriteAllBytesAsync(path, file);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var summary = new BounceUploadSummary();
        foreach (var m in messages.Take(done))
            summary.Count(await BounceIntake.ProcessAsync(db, app.Service<AddressHasher>(), m.Raw, "upload", DateTime.UtcNow, (null, AdminEmail), default));
        // Uploaded by the admin: the job keeps the account's id, and its pages show the account's name.
        var uploader = await db.Users.Where(u => u.UserName == AdminEmail).Select(u => u.Id).SingleAsync();
        var job = new BounceUploadJob(fileName, path, file.Length, uploader, DateTime.UtcNow.AddMinutes(-1))
        {
            State = BounceUploadState.Running, StartedAt = DateTime.UtcNow.AddMinutes(-1), Attempts = 1,
            LeaseOwner = "other-instance", LeaseExpiresAt = leaseExpiresAt,
            BytesRead = messages[done].Offset, Messages = summary.Messages, AlreadyProcessed = summary.AlreadyProcessed,
            ByClassJson = summary.ByClassJson, ByActionJson = summary.ByActionJson,
        };
        db.BounceUploadJobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }

    /// <summary>The other instance stops: its claim runs out, and this app's worker may take the job.</summary>
    private static async Task ExpireClaimAsync(ReOptInFactory app, long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReOptInDb>().BounceUploadJobs.Where(j => j.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, DateTime.UtcNow.AddSeconds(-1)));
    }

    [Fact]
    public async Task An_mbox_and_an_eml_are_processed_in_the_background_with_a_summary()
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
        await admin.SignInAsync(AdminEmail, AdminPassword);
        var (first, page) = await UploadAsync(admin, mbox, "Bounces.mbox");
        Assert.Contains("Bounces.mbox: 5 message(s) processed</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>1</strong> bounced", page, StringComparison.Ordinal);
        Assert.Contains("<strong>1</strong> soft bounces", page, StringComparison.Ordinal);
        Assert.Contains("<strong>1</strong> not bounces", page, StringComparison.Ordinal);
        Assert.Contains("<strong>2</strong> to review", page, StringComparison.Ordinal);   // real bounces for people we never wrote to
        Assert.Contains("Review 2 message(s)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancel the upload", page, StringComparison.Ordinal);
        Assert.Matches(@"uploaded by [^ ]+ on \d{4}-\d\d-\d\d \d\d:\d\d UTC; started \d\d:\d\d:\d\d, ended \d\d:\d\d:\d\d\.</p>", page);
        Assert.Equal(BounceUploadState.Done, (await JobAsync(f.App, first)).State);

        // One .eml: the complaint.
        var (_, eml) = await UploadAsync(admin, BounceMail.Bytes(BounceMail.Complaint("angry@b.example.org", sent["angry@b.example.org"].MessageId)), "complaint.eml");
        Assert.Contains("complaint.eml: 1 message(s) processed</h2>", eml, StringComparison.Ordinal);
        Assert.Contains("<strong>1</strong> complaints", eml, StringComparison.Ordinal);

        // The same mbox again: recognised, nothing done twice.
        var (_, again) = await UploadAsync(admin, mbox, "Bounces.mbox");
        Assert.Contains("<strong>5</strong> processed before: nothing done again", again, StringComparison.Ordinal);

        // The upload page lists them, newest first; the stored files are gone.
        var list = WebUtility.HtmlDecode(await admin.GetPageAsync("/Admin/Bounces/Upload"));
        Assert.Contains($"<a href=\"/Admin/Bounces/Uploads/{first}\">Bounces.mbox</a>", list, StringComparison.Ordinal);
        Assert.True(list.IndexOf("complaint.eml", StringComparison.Ordinal) < list.IndexOf($"/Admin/Bounces/Uploads/{first}\"", StringComparison.Ordinal));
        Assert.Empty(StoredUploads(f.App));

        await using var scope = f.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var states = await db.Requests.Include(r => r.Contact).ToDictionaryAsync(r => r.Contact!.Email, r => r.State);
        Assert.Equal(RequestState.Bounced, states["hard@a.example.org"]);
        Assert.Equal(RequestState.Complained, states["angry@b.example.org"]);
        Assert.Equal(RequestState.Sent, states["full@c.example.org"]);
        var reports = await db.Bounces.AsNoTracking().ToListAsync();
        Assert.Equal(6, reports.Count);
        Assert.All(reports, r => Assert.Equal("upload", r.Source));
        Assert.Equal(2, reports.Count(r => r.Action == BounceAction.NeedsReview));
        var audit = await db.AuditLog.Where(a => a.Action == Core.Auditing.AuditActions.BouncesUploaded && a.Subject == "Bounces.mbox").ToListAsync();
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal(AdminEmail, a.ActorName));
        Assert.Contains("5 message(s): 1 Bounced, 1 Counted, 1 Ignored, 2 NeedsReview; 0 already processed; 0 failed", audit.Select(a => a.Detail));
    }

    [Fact]
    public async Task Files_that_are_not_mail_empty_or_too_large_get_a_clear_message_and_no_job()
    {
        await using var app = ReOptInFactory.Sqlite(DispatchFixture.Settings(new Dictionary<string, string?> { ["Bounces:MaxUploadBytes"] = "4096" }));
        using var admin = Browser.Open(app);
        await admin.SignInAsync(AdminEmail, AdminPassword);

        Assert.Contains("The file is empty.", await RefusedAsync(admin, [], "empty.eml"), StringComparison.Ordinal);
        Assert.Contains("The file is empty.", await RefusedAsync(admin, "\r\n\r\n  \n"u8.ToArray(), "blank.mbox"), StringComparison.Ordinal);
        Assert.Contains("This is not a mail file: it does not start with mail headers",
            await RefusedAsync(admin, "email,first name\nann@example.org,Ann\n"u8.ToArray(), "contacts.eml"), StringComparison.Ordinal);
        Assert.Contains("This is not a mail file (it holds binary data)",
            await RefusedAsync(admin, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], "picture.mbox"), StringComparison.Ordinal);
        var large = await RefusedAsync(admin, Encoding.UTF8.GetBytes("Subject: big\r\n\r\n" + new string('x', 5000)), "big.eml");
        Assert.Contains("the limit is 4 KB (Bounces:MaxUploadBytes)", large, StringComparison.Ordinal);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        Assert.Equal(0, await db.Bounces.CountAsync());
        Assert.Equal(0, await db.BounceUploadJobs.CountAsync());
        Assert.Empty(StoredUploads(app));
    }

    [Fact]
    public async Task A_running_upload_shows_its_progress_and_the_page_refreshes_itself_for_admins_only()
    {
        await using var app = ReOptInFactory.Sqlite(ApiClient.BootstrapSettings);
        using var admin = Browser.Open(app);
        await admin.SignInAsync(AdminEmail, AdminPassword);
        await admin.AddUserAsync("marketer.person@example.com", "a long marketer password", Roles.Marketer);
        var mbox = SamplesMbox();
        var offsets = (await MessagesOfAsync(mbox)).Select(m => m.Offset).ToList();
        // Another instance is on it, two messages in.
        var id = await JobPartlyDoneAsync(app, mbox, "Takeout.mbox", done: 2, leaseExpiresAt: DateTime.UtcNow.AddMinutes(10));

        var page = WebUtility.HtmlDecode(await admin.GetPageAsync($"/Admin/Bounces/Uploads/{id}"));
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"2\" />", page, StringComparison.Ordinal);
        var percent = offsets[2] * 100 / mbox.Length;
        Assert.Contains($"aria-valuenow=\"{percent}\"", page, StringComparison.Ordinal);
        Assert.Contains($"2 message(s) read so far, {percent}% of the file", page, StringComparison.Ordinal);
        Assert.Contains("Takeout.mbox: 2 message(s) processed so far</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>2</strong> to review", page, StringComparison.Ordinal);
        Assert.Matches(@"· about \d+ (s|min) left", page);
        Assert.Contains("Cancel the upload", page, StringComparison.Ordinal);
        Assert.Contains($"uploaded by {AdminEmail}", page, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/Admin/Bounces/Uploads/{id}\">Takeout.mbox</a>", WebUtility.HtmlDecode(await admin.GetPageAsync("/Admin/Bounces/Upload")), StringComparison.Ordinal);

        // Nobody else sees or stops it.
        using var stranger = Browser.Open(app);
        var anonymous = await stranger.GetAsync($"/Admin/Bounces/Uploads/{id}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/Account/SignIn", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var marketer = Browser.Open(app);
        await marketer.SignInAsync("marketer.person@example.com", "a long marketer password");
        Assert.Equal(HttpStatusCode.Forbidden, (await marketer.GetAsync($"/Admin/Bounces/Uploads/{id}")).StatusCode);
        var token = Browser.TokenIn(await marketer.GetPageAsync("/Lists"));
        var cancel = await marketer.Http.PostAsync($"/Admin/Bounces/Uploads/{id}?handler=Cancel",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        Assert.False((await JobAsync(app, id)).CancelRequested);
    }

    [Fact]
    public async Task A_cancelled_upload_stops_and_says_so_and_its_file_is_deleted()
    {
        await using var app = ReOptInFactory.Sqlite(ApiClient.BootstrapSettings);
        using var admin = Browser.Open(app);
        await admin.SignInAsync(AdminEmail, AdminPassword);
        var id = await JobPartlyDoneAsync(app, SamplesMbox(), "Takeout.mbox", done: 2, leaseExpiresAt: DateTime.UtcNow.AddMinutes(10));

        var response = await admin.SubmitAsync($"/Admin/Bounces/Uploads/{id}", new Dictionary<string, string>(), $"/Admin/Bounces/Uploads/{id}?handler=Cancel");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cancelling = WebUtility.HtmlDecode(await admin.GetPageAsync($"/Admin/Bounces/Uploads/{id}"));
        Assert.Contains("Cancelling…", cancelling, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancel the upload", cancelling, StringComparison.Ordinal);

        // The instance processing it saves its progress and sees the cancel: here, this app's worker once the claim is its own.
        await ExpireClaimAsync(app, id);
        var page = await FinishedPageAsync(admin, id);
        Assert.Contains("The upload was cancelled after 2 message(s)", page, StringComparison.Ordinal);
        Assert.Contains("Takeout.mbox: 2 message(s) processed so far</h2>", page, StringComparison.Ordinal);
        var job = await JobAsync(app, id);
        Assert.Equal((BounceUploadState.Cancelled, 2), (job.State, job.Messages));
        Assert.Equal(2, await ReportCountAsync(app));   // the rest of the file was not processed
        Assert.False(File.Exists(job.StoredPath));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_upload_left_running_by_a_dead_instance_is_continued_where_it_stopped(DatabaseProvider provider)
    {
        await using var app = provider == DatabaseProvider.Sqlite
            ? ReOptInFactory.Sqlite(ApiClient.BootstrapSettings)
            : await ReOptInFactory.PostgreSqlAsync(ApiClient.BootstrapSettings);
        using var admin = Browser.Open(app);
        await admin.SignInAsync(AdminEmail, AdminPassword);
        var id = await JobPartlyDoneAsync(app, SamplesMbox(), "Takeout.mbox", done: 2, leaseExpiresAt: DateTime.UtcNow.AddSeconds(-1));

        var page = await FinishedPageAsync(admin, id);
        // All five counted once: the first two from the dead instance's progress, not processed again ("processed before").
        Assert.Contains("Takeout.mbox: 5 message(s) processed</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>4</strong> to review", page, StringComparison.Ordinal);
        Assert.Contains("<strong>1</strong> not bounces", page, StringComparison.Ordinal);
        Assert.DoesNotContain("processed before", page, StringComparison.Ordinal);
        var job = await JobAsync(app, id);
        Assert.Equal((BounceUploadState.Done, 5, 0, 2), (job.State, job.Messages, job.AlreadyProcessed, job.Attempts));
        Assert.Equal(5, await ReportCountAsync(app));
        Assert.False(File.Exists(job.StoredPath));
    }

    [Fact]
    public async Task A_message_that_fails_in_the_middle_of_an_mbox_counts_as_failed_and_the_rest_are_processed()
    {
        await using var app = ReOptInFactory.Sqlite(ApiClient.BootstrapSettings);
        using var admin = Browser.Open(app);
        await admin.SignInAsync(AdminEmail, AdminPassword);
        var mbox = SamplesMbox();
        // A real database failure for the third message alone (as a full disk or a broken index would give).
        var third = BounceMessageKey.Of((await MessagesOfAsync(mbox))[2].Raw);
        await using (var conn = new SqliteConnection($"Data Source={app.SqliteFile}"))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"CREATE TRIGGER refuse_one BEFORE INSERT ON Bounces WHEN NEW.MessageKey = '{third}' BEGIN SELECT RAISE(ABORT, 'database disk image is malformed'); END;";
            await cmd.ExecuteNonQueryAsync();
        }

        var (id, page) = await UploadAsync(admin, mbox, "Takeout.mbox");
        Assert.Contains("Takeout.mbox: 4 message(s) processed</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>1</strong> could not be processed (see the log)", page, StringComparison.Ordinal);
        Assert.Contains("<strong>3</strong> to review", page, StringComparison.Ordinal);
        Assert.Contains("<strong>1</strong> not bounces", page, StringComparison.Ordinal);
        var job = await JobAsync(app, id);
        Assert.Equal((BounceUploadState.Done, 4, 1), (job.State, job.Messages, job.Failed));
        Assert.Equal(4, await ReportCountAsync(app));
        Assert.Empty(StoredUploads(app));
        var logs = app.ReadLogs();
        Assert.Contains($"Bounce upload {id}: message 3 could not be processed", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(SampleRecipients, r => logs.Contains(r, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_stored_file_that_cannot_be_read_fails_the_job_with_a_clear_message()
    {
        await using var app = ReOptInFactory.Sqlite(ApiClient.BootstrapSettings);
        using var admin = Browser.Open(app);
        await admin.SignInAsync(AdminEmail, AdminPassword);
        // A file whose every read fails with an I/O error, as a failing disk gives: /proc/self/mem, whose first page no process may read.
        var path = Path.Combine(app.Service<ImportOptions>().Folder, $"bounces-{Guid.NewGuid():N}.mail");
        File.CreateSymbolicLink(path, "/proc/self/mem");
        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            var job = new BounceUploadJob("Takeout.mbox", path, 5_000_000, null, DateTime.UtcNow);
            db.BounceUploadJobs.Add(job);
            await db.SaveChangesAsync();
            id = job.Id;
        }
        app.Service<BounceUploadSignal>().Notify();

        var page = await FinishedPageAsync(admin, id);
        Assert.Contains("The upload failed. The file could not be read on the server (a disk error; the log says more). Nothing was processed; upload it again.",
            System.Text.RegularExpressions.Regex.Replace(page, "<[^>]+>", ""), StringComparison.Ordinal);
        Assert.Equal(BounceUploadState.Failed, (await JobAsync(app, id)).State);
        Assert.False(File.Exists(path) || new FileInfo(path).LinkTarget is not null);
    }

    [Fact]
    public async Task A_large_mailbox_cancelled_while_it_runs_stops_part_way()
    {
        await using var app = ReOptInFactory.Sqlite(ApiClient.BootstrapSettings);
        using var admin = Browser.Open(app);
        await admin.SignInAsync(AdminEmail, AdminPassword);
        // 20,000 soft bounces for people we never wrote to: far more than the worker gets through between two saves.
        const int Count = 20_000;
        var mbox = Mbox(Enumerable.Range(0, Count).Select(i =>
            BounceMail.Bytes(BounceMail.Dsn($"person{i}@example.net", "4.2.2", "delayed", "452 4.2.2 mailbox full", $"<{i}@shop.example.com>"))));

        var response = await PostFileAsync(admin, mbox, "Takeout.mbox");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var url = response.Headers.Location!.ToString();
        var id = long.Parse(url[(url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        // Once a save shows messages done, cancel as the admin does.
        for (var i = 0; i < 600 && (await JobAsync(app, id)).Messages == 0; i++) await Task.Delay(50);
        var running = WebUtility.HtmlDecode(await admin.GetPageAsync(url));
        Assert.Contains("message(s) read so far", running, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(url, new Dictionary<string, string>(), url + "?handler=Cancel")).StatusCode);

        var page = await FinishedPageAsync(admin, id);
        var job = await JobAsync(app, id);
        Assert.Equal(BounceUploadState.Cancelled, job.State);
        Assert.InRange(job.Messages, 1, Count - 1);
        Assert.Contains($"The upload was cancelled after {job.Messages:N0} message(s)", page, StringComparison.Ordinal);
        Assert.Equal(job.Messages, await ReportCountAsync(app));
        Assert.Empty(StoredUploads(app));
        await using var scope = app.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<ReOptInDb>().AuditLog.SingleAsync(a => a.Action == Core.Auditing.AuditActions.BouncesUploaded);
        Assert.StartsWith($"Cancelled after {job.Messages} message(s)", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_no_instance_can_run_says_why_it_waits_and_is_cancelled_at_once()
    {
        await using var app = ReOptInFactory.Sqlite(ApiClient.BootstrapSettings);
        using var admin = Browser.Open(app);
        await admin.SignInAsync(AdminEmail, AdminPassword);
        // Received five minutes ago by an instance that has stopped, its file on that instance's disk.
        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            var job = new BounceUploadJob("Takeout.mbox", "/srv/other-instance/uploads/bounces-0.mail", 5_000_000, null, DateTime.UtcNow.AddMinutes(-5));
            db.BounceUploadJobs.Add(job);
            await db.SaveChangesAsync();
            id = job.Id;
        }

        var waiting = WebUtility.HtmlDecode(await admin.GetPageAsync($"/Admin/Bounces/Uploads/{id}"));
        Assert.Contains("Waiting to start…", waiting, StringComparison.Ordinal);
        Assert.Contains("No instance has started it yet.", waiting, StringComparison.Ordinal);

        var response = await admin.SubmitAsync($"/Admin/Bounces/Uploads/{id}", new Dictionary<string, string>(), $"/Admin/Bounces/Uploads/{id}?handler=Cancel");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = WebUtility.HtmlDecode(await admin.GetPageAsync($"/Admin/Bounces/Uploads/{id}"));
        Assert.Contains("The upload was cancelled before any message was processed. Nothing was done.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http-equiv=\"refresh\"", page, StringComparison.Ordinal);
        Assert.Equal(BounceUploadState.Cancelled, (await JobAsync(app, id)).State);
    }

    [Fact]
    public async Task A_stored_file_no_job_needs_is_deleted_when_an_hour_old()
    {
        var folder = Directory.CreateTempSubdirectory("reoptin-uploads-").FullName;
        // Left by a crash between storing and queuing, or cancelled while queued on another instance.
        var orphan = Path.Combine(folder, "bounces-0123456789abcdef0123456789abcdef.mail");
        var recent = Path.Combine(folder, "bounces-fedcba9876543210fedcba9876543210.mail");
        var import = Path.Combine(folder, "0123456789abcdef0123456789abcdef.csv");
        foreach (var f in new[] { orphan, recent, import }) await File.WriteAllBytesAsync(f, BounceMail.Sample("lhost-postfix-02.eml"));
        File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddHours(-2));
        File.SetLastWriteTimeUtc(import, DateTime.UtcNow.AddHours(-2));

        await using var app = ReOptInFactory.Sqlite(new Dictionary<string, string?>(ApiClient.BootstrapSettings) { ["Imports:Folder"] = folder });
        _ = app.Services;   // started: the worker looks at once
        for (var i = 0; i < 200 && File.Exists(orphan); i++) await Task.Delay(50);

        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(recent));   // may be an upload being stored right now
        Assert.True(File.Exists(import));   // the imports' files are theirs
        await app.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
