using Microsoft.Data.Sqlite;
using ReOptIn.IntegrationTests.Support;
using Xunit.Abstractions;

namespace ReOptIn.IntegrationTests.Dispatch;

/// <summary>
/// The crash drill of the dispatch issue: the app, in a process of its own, is killed with SIGKILL at
/// each step of a send (before the SMTP transaction, during DATA, after the relay accepted the
/// message but before the app recorded it), then started again on the same database. No address may
/// receive two messages, and every request must end in exactly one final state.
/// </summary>
public sealed class CrashDrillTests(ITestOutputHelper output)
{
    private const int Contacts = 60;

    /// <summary>
    /// Once the app answers /health, how long it may take to reach the armed step (the third message of its
    /// run) or to finish the campaign: a few seconds on a quiet machine. The start before it has its own,
    /// longer limit (<see cref="AppProcess.StartLimit"/>), since a start under load is what is slow.
    /// </summary>
    private static readonly TimeSpan AfterStart = TimeSpan.FromMinutes(2);

    // Four starts, each bounded by AppProcess.StartLimit + AfterStart, fail with their own message first.
    [Fact(Timeout = 1_800_000)]
    public async Task Killing_the_app_at_each_step_of_a_send_never_sends_an_address_twice()
    {
        using var drill = new Drill();
        await using var relay = ScriptedSmtpServer.Start(new ScriptedSmtpOptions
        {
            OnMail = drill.OnMailAsync,
            OnMidData = t => drill.KillIfArmedAsync(Step.DuringData, t),
            BeforeAccept = _ => drill.LockDatabaseIfArmedAsync(),
            AfterAccept = t => drill.KillIfArmedAsync(Step.AfterAcceptance, t),
        });

        // Set up in-process with the worker off: a sender on the scripted relay (one connection, so
        // the kills land on known groups), a list, an approved and launched campaign.
        IReadOnlyDictionary<string, string?> settings;
        await using (var f = await DispatchFixture.StartAsync(settings: new Dictionary<string, string?> { ["Sending:Enabled"] = "false" }))
        {
            var senderId = await f.CreateSenderAsync(host: relay.Host, port: relay.Port, connections: 1);
            var listId = await f.ImportListAsync(Enumerable.Range(0, Contacts).Select(i => $"c{i}@mail{i % 5}.example.org"));
            var campaignId = await f.ApprovedCampaignAsync(senderId, listId);
            await f.PostOkAsync($"/api/v1/campaigns/{campaignId}/launch");
            settings = new Dictionary<string, string?>(f.App.Settings)
            {
                ["Sending:Enabled"] = "true",
                ["Sending:Lease"] = "00:00:03",
                // Groups of 5: a kill leaves up to two groups in doubt (the one being sent and the one claimed
                // alongside, ADR-0018), so each of the three kills finds requests left to claim among the 60.
                ["Sending:GroupSize"] = "5",
            };
            drill.DatabaseFile = f.App.SqliteFile;
        }

        foreach (var step in new[] { Step.BeforeTransaction, Step.DuringData, Step.AfterAcceptance })
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            await using var app = AppProcess.Start(settings);
            drill.Arm(step, app);
            await app.WaitUntilAsync(() => drill.Killed.IsCompleted, $"step {step}", AfterStart, () => drill.Progress);
            Assert.True(app.HasExited);
            output.WriteLine($"{step}: /health after {app.HealthyAfter?.TotalSeconds:0.0} s, killed at the step after {started.Elapsed.TotalSeconds:0.0} s; load {File.ReadAllText("/proc/loadavg").Trim()}");
        }

        // A last start finishes the campaign: what was claimed by the dead processes becomes in doubt.
        await using (var app = AppProcess.Start(settings))
            await app.WaitUntilAsync(() => !States(drill.DatabaseFile).Any(s => s.State is "Queued" or "Sending" or "Deferred"), "the campaign to finish", AfterStart);

        var requests = States(drill.DatabaseFile);
        var complete = relay.Messages.Where(m => m.Complete).SelectMany(m => m.Recipients).ToList();
        var accepted = relay.Messages.Where(m => m.Accepted).SelectMany(m => m.Recipients).ToList();

        // Every contact has one request, in one final state.
        Assert.Equal(Contacts, requests.Count);
        Assert.Equal(Contacts, requests.Select(r => r.Email).Distinct().Count());
        Assert.All(requests, r => Assert.Contains(r.State, new[] { "Sent", "InDoubt" }));
        // No address ever got the whole message twice, accepted or not.
        Assert.Empty(complete.GroupBy(a => a).Where(g => g.Count() > 1).Select(g => g.Key));
        // What the app calls sent is what the relay accepted; what it cannot know is in doubt, not re-sent.
        Assert.All(requests.Where(r => r.State == "Sent"), r => Assert.Single(accepted, r.Email));
        Assert.True(requests.Count(r => r.State == "InDoubt") >= 3, "Each kill should leave its claimed group in doubt.");
        Assert.Contains(requests, r => r.State == "Sent");
        // The very messages the kills landed on, by address: each was handed to the relay in one transaction only
        // (never tried again) and is in doubt, not sent; the one killed after its 250 (really after it) was accepted.
        // By address, because on a loaded machine a live app's claims can outlast the drill's 3 s lease and go in
        // doubt on their own. (The one killed mid-DATA may still have arrived whole: the app had written it to the socket.)
        foreach (var address in new[] { Step.DuringData, Step.AfterAcceptance }.Select(step => Assert.Single(drill.KilledDuring(step))))
        {
            Assert.Single(relay.Messages, m => m.Recipients.Contains(address));
            Assert.Equal("InDoubt", requests.Single(r => r.Email == address).State);
        }
        Assert.Contains(Assert.Single(drill.KilledDuring(Step.AfterAcceptance)), accepted);
    }

    private static List<(string Email, string State)> States(string databaseFile) =>
        [.. SqliteFile.Pairs(databaseFile, "SELECT c.Email, r.State FROM Requests r JOIN Contacts c ON c.Id = r.ContactId")];

    private enum Step
    {
        None,
        BeforeTransaction,
        DuringData,
        AfterAcceptance,
    }

    /// <summary>
    /// Decides where the relay kills the app: at the armed step, on the third message of the run (so
    /// some of the group went out first). Its hooks run on the relay's session, so the app is killed
    /// while the relay holds the dialogue at that exact point.
    /// </summary>
    private sealed class Drill : IDisposable
    {
        private const int KillOnMessage = 3;
        private readonly Lock _lock = new();
        private readonly Dictionary<Step, IReadOnlyList<string>> _recipientsAtKill = [];
        private Step _armed;
        private int _messagesThisRun;
        private AppProcess? _app;
        private SqliteConnection? _writeLock;
        private TaskCompletionSource _killed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string DatabaseFile { get; set; } = "";

        public Task Killed => _killed.Task;

        /// <summary>Where the relay's dialogue with this run got to, for a failure message.</summary>
        public string Progress
        {
            get
            {
                lock (_lock) return $"the relay kills it at message {KillOnMessage} of the run; it saw {_messagesThisRun}";
            }
        }

        public void Dispose() => _writeLock?.Dispose();

        public void Arm(Step step, AppProcess app)
        {
            lock (_lock)
            {
                _armed = step;
                _messagesThisRun = 0;
                _app = app;
                _killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public async Task OnMailAsync()
        {
            lock (_lock) _messagesThisRun++;
            await KillIfArmedAsync(Step.BeforeTransaction);
        }

        /// <summary>
        /// Before the 250 of the armed message, take SQLite's write lock, so the app learns the relay
        /// accepted it but cannot record that before it is killed.
        /// </summary>
        public Task LockDatabaseIfArmedAsync()
        {
            lock (_lock)
            {
                if (_armed != Step.AfterAcceptance || _messagesThisRun < KillOnMessage) return Task.CompletedTask;
                _writeLock = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False");
                _writeLock.Open();
                using var begin = _writeLock.CreateCommand();
                begin.CommandText = "BEGIN IMMEDIATE";
                begin.ExecuteNonQuery();
            }
            return Task.CompletedTask;
        }

        /// <summary>The recipients of the message the app was killed on at <paramref name="step"/> (none for a kill before RCPT).</summary>
        public IReadOnlyList<string> KilledDuring(Step step)
        {
            lock (_lock) return _recipientsAtKill.GetValueOrDefault(step, []);
        }

        public async Task KillIfArmedAsync(Step step, ScriptedTransaction? transaction = null)
        {
            AppProcess? app;
            lock (_lock)
            {
                if (_armed != step || _messagesThisRun < KillOnMessage) return;
                _armed = Step.None;
                app = _app;
                if (transaction is not null) _recipientsAtKill[step] = transaction.Recipients;
            }
            // After a 250, give the app time to read it (it then waits on the database lock).
            if (step == Step.AfterAcceptance) await Task.Delay(300);
            app?.Kill();
            if (_writeLock is { } held)
            {
                await held.DisposeAsync();   // rolls back the empty transaction
                _writeLock = null;
            }
            _killed.TrySetResult();
        }
    }
}
