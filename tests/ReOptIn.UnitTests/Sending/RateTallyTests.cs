using ReOptIn.Core.Sending.Dispatch;

namespace ReOptIn.UnitTests.Sending;

/// <summary>When the sending worker counts a campaign's rates in the database, and what it concludes.</summary>
public sealed class RateTallyTests
{
    private static readonly DateTime T0 = new(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc);

    private static DispatchOptions.AutoPauseOptions Limits(int minimum = 200) => new() { MinimumSends = minimum, CheckEvery = TimeSpan.FromSeconds(3) };

    [Fact]
    public void The_first_group_of_a_campaign_is_counted()
    {
        var tally = new RateTally();
        tally.Add(10, 0);
        Assert.True(tally.CountDue(Limits(), T0));
    }

    [Fact]
    public void Clean_groups_are_not_counted_again_before_CheckEvery()
    {
        var tally = new RateTally();
        tally.Counted(500, 0, T0);
        tally.Add(10, 0);
        Assert.False(tally.CountDue(Limits(), T0.AddSeconds(2)));
        Assert.True(tally.CountDue(Limits(), T0.AddSeconds(3)));
    }

    [Fact]
    public void Reaching_the_minimum_sends_is_counted_at_once()
    {
        var tally = new RateTally();
        tally.Counted(190, 0, T0);
        tally.Add(5, 0);
        Assert.False(tally.CountDue(Limits(), T0.AddMilliseconds(10)));
        tally.Add(5, 0);
        Assert.True(tally.CountDue(Limits(), T0.AddMilliseconds(20)));
    }

    [Fact]
    public void Refusals_that_would_cross_the_limit_are_counted_at_once()
    {
        var tally = new RateTally();
        tally.Counted(1000, 40, T0);   // 4%
        tally.Add(10, 5);              // 45 of 1,010: 4.5%, still under 5%
        Assert.False(tally.CountDue(Limits(), T0.AddMilliseconds(10)));
        tally.Add(10, 9);              // 54 of 1,020: 5.3%
        Assert.True(tally.CountDue(Limits(), T0.AddMilliseconds(20)));
    }

    [Fact]
    public void A_count_starts_the_tally_again_from_the_database_figures()
    {
        var tally = new RateTally();
        tally.Counted(1000, 40, T0);
        tally.Add(10, 10);             // 50 of 1,010: 5.0%... and one more refusal makes it 5.1%
        tally.Add(1, 1);
        Assert.True(tally.CountDue(Limits(), T0.AddMilliseconds(10)));
        tally.Counted(1011, 40, T0.AddMilliseconds(10));   // the refusals were retried elsewhere: the database says 4%
        tally.Add(10, 0);
        Assert.False(tally.CountDue(Limits(), T0.AddMilliseconds(20)));
    }

    [Theory]
    [InlineData(199, 199, 0, false)]   // under the minimum, however bad
    [InlineData(200, 10, 0, false)]    // 5.0%: not above
    [InlineData(200, 11, 0, true)]     // 5.5%
    [InlineData(1000, 0, 1, false)]    // 0.1%: not above
    [InlineData(1000, 0, 2, true)]     // 0.2%
    public void The_campaign_pauses_only_above_a_limit_after_the_minimum(int attempted, int hard, int complaints, bool pauses)
    {
        var reason = CampaignChecks.PauseReason(attempted, hard, complaints, Limits());
        Assert.Equal(pauses, reason is not null);
        if (reason is not null) Assert.StartsWith("Paused automatically", reason, StringComparison.Ordinal);
    }
}
