namespace ReOptIn.Core.Bounces.Intake;

/// <summary>The outcome of a mailbox check: what worked, and in plain words how it ended (<paramref name="FailedStep"/> when it did not).</summary>
public sealed record MailboxTestResult(bool Ok, string? FailedStep, string Message, IReadOnlyList<string> Steps);

/// <summary>Checks a bounce mailbox the way the reader will use it: connect, TLS, sign in, open the folder, find the processed folder. Changes nothing.</summary>
public static class MailboxConnectionTest
{
    public static async Task<MailboxTestResult> RunAsync(MailboxSettings settings, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            // Each step (connect, each command) gives up after the timeout; a server that delays a wrong login still answers within it.
            using var session = await ImapSession.OpenAsync(settings, timeout, createProcessedFolder: false, ct);
            return new MailboxTestResult(true, null, $"The mailbox {settings.Username} at {settings.Host}:{settings.Port} can be read.", session.Steps);
        }
        catch (MailboxException e)
        {
            return new MailboxTestResult(false, e.Step, $"{e.Step} failed: {e.Message}", e.StepsDone);
        }
    }
}
