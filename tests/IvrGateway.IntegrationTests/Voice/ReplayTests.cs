namespace IvrGateway.IntegrationTests.Voice;

/// <summary>
/// One attempt per step per call: every Gather's action carries its attempt, the caller's shard checks it before admission,
/// and a replay (with or without Twilio's idempotency header) hears the first answer and is counted once.
/// </summary>
public sealed class ReplayTests
{
    [Test]
    public async Task A_replayed_wrong_passcode_is_answered_the_same_with_or_without_the_header_counted_once_and_cannot_lock_the_meeting()
    {
        using var app = new IvrApplication(new() { ["Voice:BruteForce:MeetingFailures"] = "3" });
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        var attacker = new VoiceCall(app, from: "+12025550901");
        await attacker.DialAsync();
        var passcodePrompt = await attacker.PressAsync(meeting.AccessCode + "#");
        var action = passcodePrompt.GatherAction!;
        var fields = attacker.Fields("in-progress");
        fields["Digits"] = "111111";

        var answers = new List<Twiml>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await attacker.SendAsync(action, fields, token: "same-token"));
            answers.Add(await attacker.SendAsync(action, fields, token: null));
            answers.Add(await attacker.SendAsync(action, fields, token: $"fresh-token-{i}"));
        }
        var invitee = new VoiceCall(app, from: "+12025550902");
        await invitee.DialAsync();
        await invitee.PressAsync(meeting.AccessCode + "#");
        var joined = await invitee.PressAsync("739164#");

        Assert.That(answers.Select(a => a.Body).Distinct().Count(), Is.EqualTo(1), "twelve posts, one answer");
        Assert.That(answers[0].Said[0], Is.EqualTo("That passcode is not correct."));
        Assert.That(await TestRedis.Database.SortedSetLengthAsync(MeetingFailuresKey(app)), Is.EqualTo(1), "counted once against the meeting");
        var callerFailures = TestRedis.Keys($"{app.KeyPrefix}:*fail:u:+12025550901").Single();
        Assert.That(await TestRedis.Database.SortedSetLengthAsync(callerFailures), Is.EqualTo(1), "and once against the caller");
        Assert.That(joined.Label, Is.EqualTo("Caller 0902"), "the meeting is not locked");
    }

    [Test]
    public async Task A_replayed_host_pin_guess_counts_once_against_the_organizer()
    {
        using var app = new IvrApplication(new() { ["Voice:BruteForce:HostPinFailures"] = "2" });
        var (organizer, meeting) = await VoiceScenarios.SharedAsync(app);
        var attacker = new VoiceCall(app, from: "+12025550911");
        await attacker.DialAsync();
        var prompt = await attacker.PressAsync(meeting.AccessCode + "#");
        var fields = attacker.Fields("in-progress");
        fields["Digits"] = "*" + (organizer.Account.HostPin == "123456" ? "654321" : "123456");
        for (var i = 0; i < 5; i++)
        {
            await attacker.SendAsync(prompt.GatherAction!, fields, token: null);
        }
        var host = new VoiceCall(app, from: "+12025550912");
        await host.DialAsync();

        var joined = await host.PressAsync($"{meeting.AccessCode}*{organizer.Account.HostPin}#");

        Assert.That(joined.Label, Is.EqualTo("Olivia Organizer"), "five posts of one guess are one failure, under the limit of two");
    }

    [Test]
    public async Task A_reused_idempotency_header_cannot_make_a_fresh_attempt_free()
    {
        using var app = new IvrApplication();
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        var attacker = new VoiceCall(app, from: "+12025550961");
        await attacker.DialAsync();
        var prompt = await attacker.PressAsync(meeting.AccessCode + "#");
        var fields = attacker.Fields("in-progress");

        fields["Digits"] = "111111";
        var first = await attacker.SendAsync(prompt.GatherAction!, fields, token: "chosen-by-the-attacker");
        fields["Digits"] = "222222";
        var second = await attacker.SendAsync(first.GatherAction!, fields, token: "chosen-by-the-attacker");

        // The header is not signed: the attempt in the signed URL decides, so the second guess is a try of its own.
        Assert.That(second.GatherAction, Does.EndWith("&n=3"));
        var callerFailures = TestRedis.Keys($"{app.KeyPrefix}:*fail:u:+12025550961").Single();
        Assert.That(await TestRedis.Database.SortedSetLengthAsync(callerFailures), Is.EqualTo(2));
    }

    [Test]
    public async Task An_old_attempt_replayed_after_the_call_moved_on_gets_its_old_answer_and_admits_nobody()
    {
        using var app = new IvrApplication();
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        var call = new VoiceCall(app, from: "+12025550921");
        await call.DialAsync();
        var prompt = await call.PressAsync(meeting.AccessCode + "#");
        var firstAction = prompt.GatherAction!;
        var wrong = await call.PressAsync("111111#");
        await call.PressAsync("739164#");

        var fields = call.Fields("in-progress");
        fields["Digits"] = "739164";
        var replayedWithRightPasscode = await call.SendAsync(firstAction, fields, token: null);

        Assert.That(replayedWithRightPasscode.Body, Is.EqualTo(wrong.Body), "attempt one was answered 'wrong'; it stays answered");
        var roster = await app.Service<IvrGateway.Codes.AccessSlotStore>().AttendanceAsync([(SlotOf(app, meeting), meeting.Id, call.CallSid)]);
        Assert.That(roster, Has.Count.EqualTo(1), "admitted once, by attempt two");
    }

    [Test]
    public async Task An_attempt_the_gateway_never_offered_is_refused_before_admission()
    {
        using var app = new IvrApplication(new() { ["Voice:BruteForce:MeetingFailures"] = "1" });
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        var call = new VoiceCall(app, from: "+12025550931");
        await call.DialAsync();
        var prompt = await call.PressAsync(meeting.AccessCode + "#");
        var skipped = prompt.GatherAction!.Replace("&n=1", "&n=3", StringComparison.Ordinal);

        var answer = await call.PostDigitsAsync(skipped, "111111");

        Assert.That(answer.Said.Single(), Does.StartWith("We're sorry"));
        Assert.That(await TestRedis.Database.SortedSetLengthAsync(MeetingFailuresKey(app)), Is.EqualTo(0), "nothing was counted");
    }

    [Test]
    public async Task A_locked_meeting_still_admits_an_invitee_with_their_own_unique_passcode()
    {
        using var app = new IvrApplication(new() { ["Voice:BruteForce:MeetingFailures"] = "3" });
        var (_, meeting) = await VoiceScenarios.UniqueAsync(app, "Bob Baker");
        for (var i = 0; i < 3; i++)
        {
            var guesser = new VoiceCall(app, from: $"+120255509{40 + i}");
            await guesser.DialAsync();
            await guesser.PressAsync(meeting.AccessCode + "#");
            await guesser.PressAsync($"{200000 + i}#");
        }
        var stillGuessing = new VoiceCall(app, from: "+12025550949");
        await stillGuessing.DialAsync();
        await stillGuessing.PressAsync(meeting.AccessCode + "#");
        var held = await stillGuessing.PressAsync("299999#");
        var bob = new VoiceCall(app, from: "+12025550950");
        await bob.DialAsync();
        await bob.PressAsync(meeting.AccessCode + "#");

        var joined = await bob.PressAsync(meeting.Passcode("Bob Baker") + "#");

        Assert.That(held.Said[0], Does.StartWith("This meeting is not accepting passcodes right now"));
        Assert.That(joined.Label, Is.EqualTo("Bob Baker"));
    }

    private static string MeetingFailuresKey(IvrApplication app) =>
        TestRedis.Keys($"{app.KeyPrefix}:{{a:*}}:passcodeFailures").SingleOrDefault().ToString() is { Length: > 0 } key
            ? key
            : $"{app.KeyPrefix}:none";

    private static string SlotOf(IvrApplication app, ConferenceDto meeting) =>
        app.Service<IvrGateway.Codes.SecretHasher>().SlotId(meeting.AccessCode);
}
