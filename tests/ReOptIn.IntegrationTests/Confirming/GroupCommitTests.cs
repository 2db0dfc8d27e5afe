using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Confirming;

/// <summary>
/// Many contacts answering at once on SQLite: their writes share commits (GroupCommit), yet each
/// answer is its own, a double submit still confirms once, and one failing write loses no other.
/// </summary>
public sealed class GroupCommitTests(ConfirmingApp fixture) : IClassFixture<ConfirmingApp>
{
    private readonly ReOptInFactory _app = fixture.App;

    [Fact]
    public async Task Thirty_contacts_each_submitting_twice_at_once_are_each_confirmed_once()
    {
        var contacts = new List<(SentRequest Sent, Browser Browser, string Token)>();
        for (var i = 0; i < 30; i++)
        {
            var sent = await ContactFixture.SendAsync(_app);
            var browser = Browser.Open(_app);
            contacts.Add((sent, browser, Browser.TokenIn(await browser.GetPageAsync(sent.ConfirmUrl))));
        }

        // Every contact's two submits go out together, all 60 at the same time.
        var answers = await Task.WhenAll(contacts.SelectMany(c => new[] { Submit(c), Submit(c) }));

        foreach (var group in answers.GroupBy(a => a.RequestId))
        {
            var pages = group.Select(a => a.Page).ToList();
            Assert.Single(pages, p => p.Contains("Thank you: it is confirmed", StringComparison.Ordinal));
            Assert.Single(pages, p => p.Contains("You have already confirmed", StringComparison.Ordinal));
        }
        var ids = contacts.Select(c => c.Sent.RequestId).ToList();
        var receipts = await ContactFixture.ReadAsync(_app, db => db.Receipts.Where(r => ids.Contains(r.RequestId)).Select(r => r.RequestId).ToListAsync());
        Assert.Equal(ids.Order(), receipts.Order());
        var states = await ContactFixture.ReadAsync(_app, db => db.Requests.Where(r => ids.Contains(r.Id)).Select(r => r.State).ToListAsync());
        Assert.All(states, s => Assert.Equal(RequestState.Confirmed, s));
        foreach (var c in contacts) c.Browser.Dispose();

        static async Task<(long RequestId, string Page)> Submit((SentRequest Sent, Browser Browser, string Token) c)
        {
            var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Consent"] = "true",
                ["__RequestVerificationToken"] = c.Token,
            });
            var response = await c.Browser.Http.PostAsync(c.Sent.ConfirmUrl, form);
            return (c.Sent.RequestId, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_write_that_fails_is_rolled_back_alone_and_the_others_of_its_commit_are_kept()
    {
        var writes = _app.Service<GroupCommit>();
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var (kept1, lost, kept2) = (Hash(1), Hash(2), Hash(3));

        // Hold the writer on a first unit, so that the next three queue up and share one transaction.
        var release = new TaskCompletionSource();
        var blocker = writes.RunAsync(db, async (_, _) => { await release.Task; return 0; }, CancellationToken.None);
        var first = writes.RunAsync(db, (w, _) => Add(w, kept1), CancellationToken.None);
        var failing = writes.RunAsync<int>(db, async (w, ct) =>
        {
            // Written to the transaction, then the unit fails: its savepoint must take the row back.
            w.Suppressions.Add(new Suppression(lost, SuppressionReason.Manual, DateTime.UtcNow, "group-commit test"));
            await w.SaveChangesAsync(ct);
            throw new InvalidOperationException("this unit fails");
        }, CancellationToken.None);
        var last = writes.RunAsync(db, (w, _) => Add(w, kept2), CancellationToken.None);
        release.SetResult();

        await blocker;
        Assert.Equal(1, await first);
        Assert.Equal(1, await last);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("this unit fails", error.Message);
        var stored = await ContactFixture.ReadAsync(_app, d => d.Suppressions.Where(s => s.Note == "group-commit test").Select(s => s.AddressHash).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.Contains(stored, h => h.SequenceEqual(kept1));
        Assert.Contains(stored, h => h.SequenceEqual(kept2));
        Assert.DoesNotContain(stored, h => h.SequenceEqual(lost));

        static Task<int> Add(ReOptInDb w, byte[] hash)
        {
            w.Suppressions.Add(new Suppression(hash, SuppressionReason.Manual, DateTime.UtcNow, "group-commit test"));
            return Task.FromResult(1);
        }
    }

    private static byte[] Hash(byte seed) => [.. Enumerable.Repeat(seed, 31), (byte)Random.Shared.Next(256)];
}
