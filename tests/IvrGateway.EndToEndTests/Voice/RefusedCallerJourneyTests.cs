using System.Globalization;
using IvrGateway.Simulator.Calls;

namespace IvrGateway.EndToEndTests.Voice;

[CancelAfter(60_000)]
public sealed class RefusedCallerJourneyTests : GatewayTest
{
    private const string NotRecognized = "That access code was not recognized.";
    private const string LastTry = "Sorry, that was the last try.";
    private const string LockedOut = "Too many incorrect codes have been entered from this number.";
    private const string AskForCode = "Please enter your access code";

    [Test]
    public async Task An_early_caller_hears_when_the_meeting_starts_and_when_to_call_back_and_is_refused()
    {
        var organizer = await Api.NewOrganizerAsync("Omar Olsen", Token);
        // 14:00 New York time in two days: the code opens the same day, whatever hour the test runs at (the prompt names the day
        // the code opens only when it differs from the start's).
        var newYork = TimeZoneInfo.FindSystemTimeZoneById(ManagementApi.TimeZone);
        var day = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), newYork).Date.AddDays(2).AddHours(14);
        var startsAt = new DateTimeOffset(day, newYork.GetUtcOffset(day));
        var meeting = await organizer.ScheduleAsync(startsAt - TimeProvider.System.GetUtcNow(), new { passcodeMode = "none" }, [], Token);

        var call = await Phone.DialAsync(Phone.NewNumber(), [meeting.AccessCode + "#", meeting.AccessCode + "#"], Token);

        // Said in the meeting's zone and the caller's (en-US) language; the code opens 15 minutes before the start.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(ManagementApi.TimeZone);
        var start = TimeZoneInfo.ConvertTime(meeting.Start, zone);
        var opens = TimeZoneInfo.ConvertTime(meeting.Start.AddMinutes(-15), zone);
        var english = CultureInfo.GetCultureInfo("en-US");
        var expected = string.Create(english,
            $"This meeting starts at {start:h:mm tt} on {start:dddd, MMMM d}, New York time. You can join from {opens:h:mm tt}.");
        Assert.Multiple(() =>
        {
            Assert.That(call.Outcome, Is.EqualTo(CallOutcome.Refused), call.Transcript());
            Assert.That(call.Heard.LastOrDefault(), Does.StartWith(expected), call.Transcript());
            Assert.That(call.EntriesTyped(), Is.EqualTo(1), "hung up after the first entry: " + call.Transcript());
            Assert.That(meeting.ActiveFrom, Is.EqualTo(meeting.Start.AddMinutes(-15)));
        });
    }

    [Test]
    public async Task A_caller_who_types_a_wrong_code_three_times_is_refused_after_the_last_try()
    {
        var call = await Phone.DialAsync(Phone.NewNumber(), WrongCodes(4), Token);

        Assert.Multiple(() =>
        {
            Assert.That(call.Outcome, Is.EqualTo(CallOutcome.Refused), call.Transcript());
            Assert.That(call.EntriesTyped(), Is.EqualTo(3), call.Transcript());
            Assert.That(call.Heard.Count(h => h == NotRecognized), Is.EqualTo(2), call.Transcript());
            Assert.That(call.Heard.LastOrDefault(), Does.StartWith(LastTry), call.Transcript());
        });
    }

    [Test]
    public async Task A_number_with_ten_failed_entries_is_locked_out_and_its_next_call_is_refused_at_once()
    {
        var from = Phone.NewNumber();
        for (var i = 1; i <= 3; i++)
        {
            var tries = await Phone.DialAsync(from, WrongCodes(3), Token);
            Assert.That(tries.Heard.LastOrDefault(), Does.StartWith(LastTry), $"call {i}, failures {3 * i - 2} to {3 * i}: " + tries.Transcript());
        }

        var tenth = await Phone.DialAsync(from, WrongCodes(3), Token);
        var next = await Phone.DialAsync(from, WrongCodes(3), Token);
        var otherNumber = await Phone.DialAsync(Phone.NewNumber(), [], Token);

        Assert.Multiple(() =>
        {
            Assert.That(tenth.Outcome, Is.EqualTo(CallOutcome.Refused), tenth.Transcript());
            Assert.That(tenth.EntriesTyped(), Is.EqualTo(1), "the tenth failure ends the call: " + tenth.Transcript());
            Assert.That(tenth.Heard.LastOrDefault(), Does.StartWith(LockedOut), tenth.Transcript());
            Assert.That(next.Outcome, Is.EqualTo(CallOutcome.Refused), next.Transcript());
            Assert.That(next.EntriesTyped(), Is.Zero, "never asked for a code: " + next.Transcript());
            Assert.That(next.Heard, Is.Not.Empty.And.All.StartsWith(LockedOut), next.Transcript());
            Assert.That(otherNumber.Heard, Has.Some.StartsWith(AskForCode), "another number is not locked out: " + otherNumber.Transcript());
        });
    }

    private static string[] WrongCodes(int count) => Enumerable.Range(0, count).Select(_ => UnissuedCodes.New() + "#").ToArray();
}
