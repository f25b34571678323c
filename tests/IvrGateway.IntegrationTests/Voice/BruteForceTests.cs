namespace IvrGateway.IntegrationTests.Voice;

/// <summary>Guessing codes and passcodes: per call, per caller number, per meeting.</summary>
public sealed class BruteForceTests
{
    private static async Task<Twiml> WrongCodesAsync(IvrApplication app, string from, int count)
    {
        Twiml? last = null;
        var call = new VoiceCall(app, from: from);
        last = await call.DialAsync();
        for (var i = 0; i < count; i++)
        {
            if (last.Gather is null)
            {
                call = new VoiceCall(app, from: from);
                last = await call.DialAsync();
                if (last.Gather is null)
                {
                    return last;
                }
            }
            last = await call.PressAsync(VoiceScenarios.UnissuedCode() + "#");
        }
        return last;
    }

    [Test]
    public async Task The_tenth_failure_in_an_hour_locks_the_caller_out_and_says_so()
    {
        using var app = new IvrApplication();

        var tenth = await WrongCodesAsync(app, "+12025550301", 10);
        var nextCall = await new VoiceCall(app, from: "+12025550301").DialAsync();

        Assert.That(tenth.Said.Single(), Does.StartWith("Too many incorrect codes have been entered from this number"));
        Assert.That(tenth.HangsUp, Is.True);
        Assert.That(nextCall.Gather, Is.Null, "a locked-out caller is not asked for a code");
        Assert.That(nextCall.Said.Single(), Does.StartWith("Too many incorrect codes"));
    }

    [Test]
    public async Task Nine_failures_leave_the_caller_able_to_try_again_and_other_numbers_unaffected()
    {
        using var app = new IvrApplication();
        await WrongCodesAsync(app, "+12025550302", 9);

        var sameNumber = await new VoiceCall(app, from: "+12025550302").DialAsync();
        await WrongCodesAsync(app, "+12025550303", 10);
        var otherNumber = await new VoiceCall(app, from: "+12025550304").DialAsync();

        Assert.That(sameNumber.Gather, Is.Not.Null);
        Assert.That(otherNumber.Gather, Is.Not.Null);
    }

    [Test]
    public async Task The_lockout_ends_after_an_hour()
    {
        using var app = new IvrApplication();
        await WrongCodesAsync(app, "+12025550305", 10);

        app.Time.Advance(TimeSpan.FromMinutes(61));
        var later = await new VoiceCall(app, from: "+12025550305").DialAsync();

        Assert.That(later.Gather, Is.Not.Null);
    }

    [Test]
    public async Task Failures_older_than_the_window_do_not_count()
    {
        using var app = new IvrApplication();
        await WrongCodesAsync(app, "+12025550306", 9);
        app.Time.Advance(TimeSpan.FromMinutes(61));

        var afterWindow = await WrongCodesAsync(app, "+12025550306", 2);

        Assert.That(afterWindow.Said[0], Is.EqualTo("That access code was not recognized."));
    }

    [Test]
    public async Task Every_lookup_spends_the_hourly_budget_even_when_the_code_exists()
    {
        using var app = new IvrApplication(new() { ["Voice:BruteForce:CallerLookups"] = "5" });
        var organizer = await app.NewOrganizerAsync();
        var early = await organizer.ScheduleInAsync(TimeSpan.FromDays(2));
        Twiml? answer = null;
        for (var i = 0; i < 6; i++)
        {
            var call = new VoiceCall(app, from: "+12025550307");
            await call.DialAsync();
            answer = await call.PressAsync(early.AccessCode + "#");
        }

        Assert.That(answer!.Said.Single(), Does.StartWith("Too many incorrect codes"), "the sixth lookup is over the budget of five");
    }

    [Test]
    public async Task Ten_wrong_passcodes_from_any_callers_stop_the_meeting_accepting_passcodes_but_the_host_gets_in()
    {
        using var app = new IvrApplication();
        var (organizer, meeting) = await VoiceScenarios.SharedAsync(app);
        for (var i = 0; i < 10; i++)
        {
            var guesser = new VoiceCall(app, from: $"+120255504{i:00}");
            await guesser.DialAsync();
            await guesser.PressAsync(meeting.AccessCode + "#");
            await guesser.PressAsync($"{100000 + i}#");
        }
        var invitee = new VoiceCall(app, from: "+12025550499");
        await invitee.DialAsync();
        await invitee.PressAsync(meeting.AccessCode + "#");

        var refused = await invitee.PressAsync("739164#");
        var host = await invitee.PressAsync("*" + organizer.Account.HostPin + "#");

        Assert.That(refused.Conference, Is.Null, "even the right passcode is refused while the meeting is protected");
        Assert.That(refused.Said[0], Does.StartWith("This meeting is not accepting passcodes right now"));
        Assert.That(host.Label, Is.EqualTo("Olivia Organizer"));

        app.Time.Advance(TimeSpan.FromMinutes(16));
        var later = new VoiceCall(app, from: "+12025550498");
        await later.DialAsync();
        await later.PressAsync(meeting.AccessCode + "#");
        Assert.That((await later.PressAsync("739164#")).Label, Is.EqualTo("Caller 0498"), "the protection lifts after 15 minutes");
    }

    [Test]
    public async Task A_retried_webhook_is_answered_the_same_way_and_counted_once()
    {
        using var app = new IvrApplication();
        var call = new VoiceCall(app, from: "+12025550308");
        await call.DialAsync();
        var action = call.Last!.GatherAction!;
        var fields = call.Fields("in-progress");
        fields["Digits"] = VoiceScenarios.UnissuedCode();

        var first = await call.SendAsync(action, fields, token: "token-1");
        var retried = await call.SendAsync(action, fields, token: "token-1");
        fields["Digits"] = VoiceScenarios.UnissuedCode();
        var second = await call.SendAsync(first.GatherAction!, fields, token: "token-2");

        Assert.That(retried.Body, Is.EqualTo(first.Body));
        Assert.That(second.Gather, Is.Not.Null, "the retry did not use up a try: this is only the second");
        var failures = TestRedis.Keys($"{app.KeyPrefix}:*fail:u:+12025550308").Single();
        Assert.That(await TestRedis.Database.SortedSetLengthAsync(failures), Is.EqualTo(2));
    }

    [Test]
    public async Task Many_failures_across_different_callers_raise_the_global_alarm()
    {
        using var app = new IvrApplication(new() { ["Voice:BruteForce:GlobalFailuresPerMinute"] = "4" });
        for (var i = 0; i < 4; i++)
        {
            var call = new VoiceCall(app, from: $"+120255503{50 + i}");
            await call.DialAsync();
            await call.PressAsync(VoiceScenarios.UnissuedCode() + "#");
        }

        // The alarm counts each failure in Redis after the answer (fire and forget): up to ten seconds for a loaded machine.
        var raised = false;
        for (var wait = 0; wait < 500 && !raised; wait++)
        {
            raised = app.Logs.Lines.Any(l => l.Contains("Failure-rate alarm", StringComparison.Ordinal));
            await Task.Delay(20);
        }

        Assert.That(raised, Is.True, "no single caller reached a lockout, but the rate across callers is an attack");
    }
}
