using IvrGateway.Simulator.Load;

namespace IvrGateway.Simulator.Tests.Load;

public sealed class LoadPlanTests
{
    [Test]
    public void Every_caller_has_a_number_of_their_own()
    {
        var numbers = Enumerable.Range(0, 30_000).Select(CallerNumbers.For).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(numbers, Is.Unique);
            Assert.That(numbers[0], Is.EqualTo("+12025550000"));
            Assert.That(numbers[10_001], Is.EqualTo("+13035550001"));
            Assert.That(numbers, Is.All.Match(@"^\+1\d{3}555\d{4}$"));
        });
    }

    [Test]
    public void There_are_no_more_numbers_than_the_capacity()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CallerNumbers.For(CallerNumbers.Capacity));
    }

    [Test]
    public void Callers_go_round_the_meetings_so_each_meeting_fills_through_the_window()
    {
        var plan = LoadPlan.Synthetic(10, 3, numberOffset: 0);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Callers.Select(caller => caller.Meeting), Is.EqualTo(new[] { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0 }));
            Assert.That(plan.Callers.Where(caller => caller.Meeting == 1).Select(caller => caller.AccessCode).Distinct().Count(), Is.EqualTo(1));
            Assert.That(plan.Callers.Select(caller => caller.AccessCode), Is.All.Match("^[0-9]{10}$"));
            Assert.That(plan.Callers.Select(caller => caller.Passcode), Is.All.Match("^[0-9]{6}$"));
        });
    }

    [Test]
    public void A_number_offset_moves_the_whole_run_to_other_numbers()
    {
        var plan = LoadPlan.Synthetic(2, 1, numberOffset: 20_000);

        Assert.That(plan.Callers.Select(caller => caller.From), Is.EqualTo(new[] { "+14045550000", "+14045550001" }));
    }

    [TestCase(100, 10, null)]
    [TestCase(5, 10, "--callers must be at least --meetings")]
    [TestCase(10_000, 10, "At most 250 callers per meeting")]
    [TestCase(10, 0, "--meetings must be at least 1")]
    public void The_setup_refuses_shapes_the_gateway_cannot_hold(int callers, int meetings, string? problem)
    {
        var found = MeetingSetup.Problem(callers, meetings);

        Assert.That(found, problem is null ? Is.Null : Does.StartWith(problem));
    }
}
