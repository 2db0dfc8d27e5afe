using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Bounces.Intake;
using ReOptIn.Core.Data;
using ReOptIn.Core.Sending;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Pages.Admin.Senders;

/// <summary>The IMAP mailbox a sender's bounces arrive in: its settings (password encrypted), a connection test, and how the last look went.</summary>
public sealed class MailboxModel(ReOptInDb db, SenderSecrets secrets, AuditTrail audit, BounceIntakeOptions options, TimeProvider clock) : PageModel
{
    [BindProperty] public MailboxForm Input { get; set; } = new();

    public SenderProfile Sender { get; private set; } = null!;

    public BounceMailbox? Mailbox { get; private set; }

    public MailboxTestResult? TestResult { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Mailbox is not null) Input = MailboxForm.From(Mailbox);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input.Host = Input.Host?.Trim();
        Input.Folder = string.IsNullOrWhiteSpace(Input.Folder) ? BounceMailbox.DefaultFolder : Input.Folder.Trim();
        Input.ProcessedFolder = string.IsNullOrWhiteSpace(Input.ProcessedFolder) ? null : Input.ProcessedFolder.Trim().Trim('/');
        if (string.IsNullOrEmpty(Input.Password) && Mailbox?.PasswordProtected is null)
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Password)}", "Give the mailbox's password.");
        if (Input.ProcessedFolder is { } processed && processed.Equals(Input.Folder, StringComparison.OrdinalIgnoreCase))
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.ProcessedFolder)}", "The processed folder must differ from the folder read.");
        if (!ModelState.IsValid) return Page();

        var now = clock.GetUtcNow().UtcDateTime;
        var mailbox = Mailbox ?? db.BounceMailboxes.Add(new BounceMailbox(Sender.Id, now)).Entity;
        mailbox.Enabled = Input.Enabled;
        mailbox.Host = Input.Host!;
        mailbox.Port = Input.Port;
        mailbox.Security = Input.Security;
        mailbox.Username = Input.Username!.Trim();
        if (!string.IsNullOrEmpty(Input.Password)) mailbox.PasswordProtected = secrets.Protect(Input.Password);
        mailbox.Folder = Input.Folder;
        mailbox.ProcessedFolder = Input.ProcessedFolder;
        mailbox.UpdatedAt = now;   // a reader holding it reconnects with the new settings
        audit.Record(AuditActions.BounceMailboxChanged, Sender.Name, $"{mailbox.Host}:{mailbox.Port}, {(mailbox.Enabled ? "enabled" : "disabled")}");
        await db.SaveChangesAsync(ct);
        TempData["Status"] = mailbox.Enabled ? "The bounce mailbox was saved; it is read from now on." : "The bounce mailbox was saved, disabled: it is not read.";
        return RedirectToPage(new { id });
    }

    /// <summary>Tries the saved settings: connect, TLS, sign in, open the folder, find the processed folder.</summary>
    public async Task<IActionResult> OnPostTestAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Mailbox is null)
        {
            TempData["Status"] = "Save the bounce mailbox's settings first.";
            return RedirectToPage(new { id });
        }
        Input = MailboxForm.From(Mailbox);
        TestResult = await MailboxConnectionTest.RunAsync(MailboxSettings.Of(Mailbox, secrets), options.Timeout, ct);
        await audit.RecordNowAsync(AuditActions.BounceMailboxTested, Sender.Name, TestResult.Ok ? "ok" : TestResult.FailedStep, ct: ct);
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var sender = await db.Senders.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (sender is null) return false;
        Sender = sender;
        Mailbox = await db.BounceMailboxes.SingleOrDefaultAsync(m => m.SenderProfileId == id, ct);
        return true;
    }

    public sealed class MailboxForm
    {
        [Display(Name = "Read this mailbox")] public bool Enabled { get; set; } = true;

        [Required, StringLength(255), RegularExpression(@"^[A-Za-z0-9.\-:\[\]]+$", ErrorMessage = "A host name or IP address, such as imap.example.com.")]
        [Display(Name = "IMAP host")]
        public string? Host { get; set; }

        [Range(1, 65535)] public int Port { get; set; } = 993;

        public SmtpSecurity Security { get; set; } = SmtpSecurity.SslOnConnect;

        [Required, StringLength(320), Display(Name = "User name")] public string? Username { get; set; }

        [StringLength(500), DataType(DataType.Password)] public string? Password { get; set; }

        [StringLength(255), Display(Name = "Folder to read")] public string? Folder { get; set; } = BounceMailbox.DefaultFolder;

        [StringLength(255), Display(Name = "Move processed messages to")] public string? ProcessedFolder { get; set; } = BounceMailbox.DefaultProcessedFolder;

        public static MailboxForm From(BounceMailbox m) => new()
        {
            Enabled = m.Enabled, Host = m.Host, Port = m.Port, Security = m.Security, Username = m.Username, Folder = m.Folder, ProcessedFolder = m.ProcessedFolder,
        };
    }
}
