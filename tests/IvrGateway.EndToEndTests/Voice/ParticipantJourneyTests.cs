using System.Diagnostics;
using IvrGateway.Simulator.Calls;

namespace IvrGateway.EndToEndTests.Voice;

[CancelAfter(60_000)]
public sealed class ParticipantJourneyTests : GatewayTest
{
    [Test]
    public async Task A_participant_with_a_unique_passcode_is_bridged_under_their_name_and_appears_in_the_attendance()
    {
        var organizer = await Api.NewOrganizerAsync("Olivia Owens", Token);
        var alice = await organizer.AddContactAsync("Alice Archer", Token);
        var meeting = await organizer.ScheduleAsync(TimeSpan.FromMinutes(5), new { passcodeMode = "unique" }, [alice.Id], Token);
        var from = Phone.NewNumber();

        var call = await Phone.DialAsync(from, [meeting.AccessCode + "#", meeting.PasscodeOf("Alice Archer") + "#"], Token);

        Assert.Multiple(() =>
        {
            Assert.That(call.Outcome, Is.EqualTo(CallOutcome.Bridged), call.Transcript());
            Assert.That(call.Conference?.ParticipantLabel, Is.EqualTo("Alice Archer"));
            Assert.That(call.Conference?.StartConferenceOnEnter, Is.False, "a participant waits for the organizer");
            Assert.That(call.Heard, Has.Some.Contains("meeting passcode"), call.Transcript());
            Assert.That(call.Heard, Has.Some.EqualTo("Joining the meeting as Alice Archer."), call.Transcript());
        });
        var attendance = await organizer.AttendanceAsync(meeting.Id, Token);
        var entry = attendance.SingleOrDefault();
        Assert.That(entry, Is.Not.Null, "one attendee: " + string.Join(", ", attendance));
        Assert.Multiple(() =>
        {
            Assert.That(entry!.CallSid, Is.EqualTo(call.CallSid));
            Assert.That(entry.MeetingId, Is.EqualTo(meeting.Id));
            Assert.That(entry.DisplayName, Is.EqualTo("Alice Archer"));
            Assert.That(entry.Role, Is.EqualTo("participant"));
            Assert.That(entry.ContactId, Is.EqualTo(alice.Id));
            Assert.That(entry.CallerNumber, Is.EqualTo(from));
            Assert.That(entry.JoinedAt, Is.Not.Null, "joined, from the participant-join callback");
            Assert.That(entry.LeftAt, Is.Not.Null, "left, from the participant-leave callback");
            Assert.That(entry.LeftAt >= entry.JoinedAt, Is.True, $"left at {entry.LeftAt:O}, after joining at {entry.JoinedAt:O}");
        });
        Assert.That(await Api.AttendanceAsOpsAsync(meeting.Id, Token), Is.EqualTo(attendance), "ops sees the same attendance");
    }

    [Test]
    public async Task A_unique_passcode_shared_with_a_second_caller_at_the_same_time_shows_them_as_name_2()
    {
        var organizer = await Api.NewOrganizerAsync("Oscar Ortiz", Token);
        var bob = await organizer.AddContactAsync("Bob Baker", Token);
        var meeting = await organizer.ScheduleAsync(TimeSpan.FromMinutes(5), new { passcodeMode = "unique" }, [bob.Id], Token);
        string[] keys = [meeting.AccessCode + "#", meeting.PasscodeOf("Bob Baker") + "#"];
        var clock = Stopwatch.StartNew();
        var bobInConference = new ConferenceWatcher(clock);
        // Bob stays on the line for real while the person he gave his passcode to calls in: long enough for that whole call on
        // a loaded two-core machine (3 s left little room for its webhooks).
        var bobOptions = Phone.Options(Phone.NewNumber()) with { Fast = false, StayInConference = TimeSpan.FromSeconds(15) };

        var bobCall = Phone.DialAsync(bobOptions, keys, bobInConference, Token);
        if (await Task.WhenAny(bobInConference.Joined, bobCall) == bobCall)
        {
            Assert.Fail("Bob's call ended before he joined the conference: " + (await bobCall).Transcript());
        }
        var friend = await Phone.DialAsync(Phone.NewNumber(), keys, Token);
        var friendBridged = clock.Elapsed;
        var bobResult = await bobCall;

        Assert.That(bobInConference.LeftAt, Is.GreaterThan(friendBridged),
            "Bob was still in the conference when the second caller was bridged (only a very slow machine would break this)");
        Assert.Multiple(() =>
        {
            Assert.That(bobResult.Outcome, Is.EqualTo(CallOutcome.Bridged), bobResult.Transcript());
            Assert.That(bobResult.Conference?.ParticipantLabel, Is.EqualTo("Bob Baker"));
            Assert.That(friend.Outcome, Is.EqualTo(CallOutcome.Bridged), friend.Transcript());
            Assert.That(friend.Conference?.ParticipantLabel, Is.EqualTo("Bob Baker (2)"));
            Assert.That(friend.Conference?.Room, Is.EqualTo(bobResult.Conference?.Room), "the same conference");
            Assert.That(friend.Heard, Has.Some.EqualTo("Joining the meeting as Bob Baker (2)."), friend.Transcript());
        });
        var attendance = await organizer.AttendanceAsync(meeting.Id, Token);
        Assert.That(attendance.Select(a => (a.DisplayName, a.CallSid, a.ContactId)),
            Is.EquivalentTo(new[] { ("Bob Baker", bobResult.CallSid, bob.Id), ("Bob Baker (2)", friend.CallSid, bob.Id) }));
    }

    /// <summary>Sees one call's conference callbacks as they are sent, to sequence a second call against it.</summary>
    private sealed class ConferenceWatcher(Stopwatch clock) : ICallObserver
    {
        private readonly TaskCompletionSource joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Joined => joined.Task;

        public TimeSpan? LeftAt { get; private set; }

        public void OnEvent(CallEvent callEvent)
        {
            if (callEvent is not WebhookExchange { Kind: WebhookKind.ConferenceStatus, Succeeded: true } callback)
            {
                return;
            }
            if (callback.Detail == "participant-join")
            {
                joined.TrySetResult();
            }
            else if (callback.Detail == "participant-leave")
            {
                // Reported once answered; the gateway freed the name no earlier than the request was sent.
                LeftAt = clock.Elapsed - callback.Elapsed;
            }
        }
    }
}
