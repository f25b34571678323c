using IvrGateway.Scheduling;

namespace IvrGateway.Tests.Scheduling;

public sealed class DialStringTests
{
    [Test]
    public void One_tap_dialing_pauses_then_sends_the_code_and_passcode() =>
        Assert.That(MeetingViews.OneTapDialString("+15551234567", "123456789", "4321"), Is.EqualTo("+15551234567,,123456789#,,4321#"));

    [Test]
    public void Without_a_passcode_only_the_code_is_sent() =>
        Assert.That(MeetingViews.OneTapDialString("+15551234567", "123456789", null), Is.EqualTo("+15551234567,,123456789#"));

    [Test]
    public void The_window_opens_at_the_lead_and_closes_after_the_grace()
    {
        var options = new SchedulingOptions { ActivationLeadMinutes = 15, GraceMinutes = 60 };
        var start = new DateTimeOffset(2026, 12, 1, 15, 15, 0, TimeSpan.Zero);

        var window = ActivationWindow.For(start, 30, options);

        Assert.That(window.Contains(start.AddMinutes(-15).AddSeconds(-1)), Is.False);
        Assert.That(window.Contains(start.AddMinutes(-15)), Is.True);
        Assert.That(window.Contains(start.AddMinutes(90).AddTicks(-1)), Is.True);
        Assert.That(window.Contains(start.AddMinutes(90)), Is.False);
    }
}
