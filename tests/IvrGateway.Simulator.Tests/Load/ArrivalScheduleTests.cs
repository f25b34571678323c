using IvrGateway.Simulator.Load;

namespace IvrGateway.Simulator.Tests.Load;

public sealed class ArrivalScheduleTests
{
    [Test]
    public void Callers_are_evenly_spread_from_the_start_of_the_window()
    {
        var offsets = ArrivalSchedule.Spread(4, TimeSpan.FromSeconds(60));

        Assert.That(offsets, Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(45) }));
    }

    [Test]
    public void The_last_caller_arrives_before_the_window_ends_and_no_one_arrives_out_of_order()
    {
        var window = TimeSpan.FromSeconds(60);

        var offsets = ArrivalSchedule.Spread(10_000, window);

        Assert.Multiple(() =>
        {
            Assert.That(offsets, Has.Length.EqualTo(10_000));
            Assert.That(offsets, Is.Ordered);
            Assert.That(offsets[^1], Is.LessThan(window));
            Assert.That(offsets[^1], Is.GreaterThan(window - TimeSpan.FromMilliseconds(10)));
        });
    }

    [Test]
    public void A_window_of_zero_means_everyone_at_once()
    {
        Assert.That(ArrivalSchedule.Spread(100, TimeSpan.Zero), Is.All.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void No_callers_means_an_empty_schedule()
    {
        Assert.That(ArrivalSchedule.Spread(0, TimeSpan.FromSeconds(60)), Is.Empty);
    }
}
