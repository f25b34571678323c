using IvrGateway.Simulator.Load;

namespace IvrGateway.Simulator.Tests.Load;

public sealed class LatencySummaryTests
{
    [Test]
    public void Percentiles_are_nearest_rank_over_the_samples()
    {
        var samples = Enumerable.Range(1, 100).Select(i => (double)i);

        var summary = LatencySummary.Of(samples);

        Assert.That(summary, Is.EqualTo(new LatencySummary(100, 50, 95, 99, 100)));
    }

    [Test]
    public void Samples_need_not_arrive_sorted()
    {
        var summary = LatencySummary.Of([9, 1, 5, 3, 7]);

        Assert.Multiple(() =>
        {
            Assert.That(summary.P50, Is.EqualTo(5));
            Assert.That(summary.P99, Is.EqualTo(9));
            Assert.That(summary.Max, Is.EqualTo(9));
        });
    }

    [Test]
    public void One_slow_request_in_a_thousand_shows_in_the_max_but_not_in_the_p99()
    {
        var samples = Enumerable.Repeat(2.0, 999).Append(500.0);

        var summary = LatencySummary.Of(samples);

        Assert.Multiple(() =>
        {
            Assert.That(summary.P99, Is.EqualTo(2));
            Assert.That(summary.Max, Is.EqualTo(500));
        });
    }

    [Test]
    public void A_single_sample_is_every_percentile()
    {
        Assert.That(LatencySummary.Of([4.5]), Is.EqualTo(new LatencySummary(1, 4.5, 4.5, 4.5, 4.5)));
    }

    [Test]
    public void No_samples_give_zeros()
    {
        Assert.That(LatencySummary.Of([]), Is.EqualTo(LatencySummary.Empty));
    }
}
