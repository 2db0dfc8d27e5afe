using ReOptIn.Core.HandOff;

namespace ReOptIn.UnitTests.HandOff;

public sealed class DeliveryRetryTests
{
    private static readonly HandOffOptions Options = new() { FirstBackoff = TimeSpan.FromSeconds(30), MaxBackoff = TimeSpan.FromHours(2), RetryFor = TimeSpan.FromHours(72) };
    private static readonly DateTime Now = new(2026, 5, 4, 9, 0, 0, DateTimeKind.Utc);

    private static HandOffDelivery Claimed(int attempts, DateTime firstAttempt) =>
        new(1, 1, firstAttempt) { Status = DeliveryStatus.Delivering, Attempts = attempts, FirstAttemptAt = firstAttempt, LeaseExpiresAt = Now.AddMinutes(5) };

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(5, 480)]
    [InlineData(9, 7200)]
    [InlineData(400, 7200)]
    public void The_backoff_doubles_up_to_its_cap(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DeliveryRetry.Backoff(attempts, Options));

    [Fact]
    public void A_temporary_failure_waits_for_the_longer_of_the_backoff_and_retry_after()
    {
        var d = Claimed(1, Now);
        DeliveryRetry.Record(d, DeliveryResult.Temporary("answered 429", TimeSpan.FromMinutes(10)), Now, Options);
        Assert.Equal(DeliveryStatus.Pending, d.Status);
        Assert.Equal(Now.AddMinutes(10), d.NextAttemptAt);
        Assert.Null(d.LeaseExpiresAt);
        Assert.Equal("answered 429", d.LastError);
    }

    [Fact]
    public void A_permanent_refusal_and_the_end_of_the_window_dead_letter_it()
    {
        var refused = Claimed(1, Now);
        DeliveryRetry.Record(refused, DeliveryResult.Permanent("answered 400: Invalid Resource"), Now, Options);
        Assert.Equal(DeliveryStatus.Failed, refused.Status);
        Assert.Equal("answered 400: Invalid Resource", refused.LastError);

        var old = Claimed(40, Now.AddHours(-71.5));
        DeliveryRetry.Record(old, DeliveryResult.Temporary("answered 503"), Now, Options);
        Assert.Equal(DeliveryStatus.Failed, old.Status);
        Assert.StartsWith("Gave up after 40 tries over 71.5 hours", old.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Delivered_clears_the_error()
    {
        var d = Claimed(3, Now);
        d.LastError = "answered 500";
        DeliveryRetry.Record(d, DeliveryResult.Delivered, Now, Options);
        Assert.Equal(DeliveryStatus.Delivered, d.Status);
        Assert.Equal(Now, d.DeliveredAt);
        Assert.Null(d.LastError);
    }
}
