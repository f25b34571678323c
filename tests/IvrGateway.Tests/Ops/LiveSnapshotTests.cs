using IvrGateway.CallLog;
using IvrGateway.Ops.Dashboard;
using IvrGateway.Voice;

namespace IvrGateway.Tests.Ops;

public sealed class LiveSnapshotTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static CallRecord InConference(string callSid, string from, string channel, string label) => new(
        callSid, from, channel == CallRecord.WebChannel ? null : "+15557650000", "en-US", Now, null, null, CallRecord.InProgressStatus,
        Outcomes.Bridged, "mtg_abc", "participant", label, "meeting-mtg_abc", "unique", Now, null, [], channel);

    [Test]
    public void A_browser_in_a_conference_shows_its_label_with_a_web_badge_beside_a_phone_caller_and_keeps_its_identity()
    {
        var records = new[]
        {
            InConference("CA" + new string('1', 32), "+12025550101", CallRecord.PhoneChannel, "Bob Baker"),
            InConference("CA" + new string('2', 32), "client:web0123456789abcdef", CallRecord.WebChannel, "Alice Archer"),
        };

        var (calls, conferences) = LiveSnapshot.FromCallsInProgress(records);

        var participants = conferences.Single().Participants;
        Assert.Multiple(() =>
        {
            Assert.That(calls.Select(c => (c.Caller, c.Web)), Is.EqualTo(new[] { ("+12025550101", false), ("Alice Archer", true) }),
                "ops read the invitee's name, not the browser's opaque identity");
            Assert.That(calls.Select(c => c.Identity), Is.EqualTo(new[] { null, "Browser identity web0123456789abcdef" }));
            Assert.That(calls[1].From, Is.EqualTo("client:web0123456789abcdef"), "the call log's caller filter still gets what Twilio sent");
            Assert.That(participants.Select(p => (p.Label, p.From, p.Web, p.Identity)),
                Is.EqualTo(new[] { ("Bob Baker", "+12025550101", false, (string?)null), ("Alice Archer", "web0123456789abcdef", true, "Browser identity web0123456789abcdef") }));
        });
    }

    [Test]
    public void A_refused_browser_is_a_recent_failure_marked_web()
    {
        var record = InConference("CA" + new string('3', 32), "client:web0123456789abcdef", CallRecord.WebChannel, "Alice Archer")
            with { Outcome = "ticket-used", Conference = null, JoinedAt = null, EndedAt = Now, Status = "completed", DisplayName = null, Role = null };

        var failure = FailedCall.Of(record);

        Assert.That((failure.Caller, failure.Web), Is.EqualTo(("web0123456789abcdef", true)), "never admitted: no name, so its identity");
        Assert.That(LiveSnapshot.IsFailure(failure.Outcome), Is.True);
    }
}
