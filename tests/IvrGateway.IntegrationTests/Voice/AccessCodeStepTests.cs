using System.Globalization;

namespace IvrGateway.IntegrationTests.Voice;

public sealed class AccessCodeStepTests : ApplicationFixture<IvrApplication>
{
    // What an early caller hears names days and times: the clock starts at a fixed afternoon.
    protected override IvrApplication CreateApplication() => new(startsAt: TestClock.Afternoon);

    [Test]
    public async Task A_caller_is_greeted_and_asked_for_the_access_code()
    {
        var call = new VoiceCall(app);

        var answer = await call.DialAsync();

        Assert.Multiple(() =>
        {
            Assert.That(answer.Said, Is.EqualTo(new[] { "Welcome to the conference line.", "Please enter your access code, followed by the pound key." }));
            Assert.That(answer.Gather!.Attribute("finishOnKey")!.Value, Is.EqualTo("#"));
            Assert.That(answer.Gather.Attribute("timeout")!.Value, Is.EqualTo("8"));
            Assert.That(answer.GatherAction, Does.Match(@"^http://localhost/voice/step/accessCode\?s=\d+&c=u&n=1$"), "the caller's route and the first attempt");
            Assert.That(answer.SayLanguage, Is.EqualTo("en-US"));
        });
    }

    [Test]
    public async Task A_mistyped_code_is_told_apart_from_a_wrong_one_without_a_lookup()
    {
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        var call = new VoiceCall(app, from: "+12025550111");
        await call.DialAsync();

        var answer = await call.PressAsync(VoiceScenarios.Mistyped(meeting.AccessCode) + "#");

        Assert.That(answer.Said[0], Is.EqualTo("That code doesn't look right."));
        Assert.That(answer.GatherAction, Does.Match(@"/voice/step/accessCode\?s=\d+&c=u&n=2$"), "the same step again: its second attempt");
        var lookups = $"{app.KeyPrefix}:*look:+12025550111";
        Assert.That(TestRedis.Keys(lookups).Count(), Is.Zero, "no lookup was spent");
    }

    [Test]
    public async Task An_unknown_code_gets_a_retry_and_the_third_failure_says_goodbye()
    {
        var call = new VoiceCall(app, from: "+12025550112");
        await call.DialAsync();

        var first = await call.PressAsync(VoiceScenarios.UnissuedCode() + "#");
        var second = await call.PressAsync(VoiceScenarios.UnissuedCode() + "#");
        var third = await call.PressAsync(VoiceScenarios.UnissuedCode() + "#");

        Assert.Multiple(() =>
        {
            Assert.That(first.Said, Is.EqualTo(new[] { "That access code was not recognized.", "Please enter your access code, followed by the pound key." }));
            Assert.That(second.Gather, Is.Not.Null);
            Assert.That(third.Gather, Is.Null);
            Assert.That(third.AllSaid, Does.Contain("that was the last try"));
            Assert.That(third.HangsUp, Is.True);
        });
    }

    [Test]
    public async Task Silence_at_the_prompt_is_a_try_too()
    {
        var call = new VoiceCall(app, from: "+12025550113");
        await call.DialAsync();

        var answer = await call.SilenceAsync();

        Assert.That(answer.Said[0], Is.EqualTo("Sorry, I didn't get anything."));
        Assert.That(answer.Gather, Is.Not.Null);
    }

    [Test]
    public async Task An_early_caller_hears_when_the_meeting_starts_and_when_the_code_opens_in_the_meetings_zone()
    {
        var organizer = await app.NewOrganizerAsync();
        var pacific = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        var day = TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), pacific).Date.AddDays(3);
        var start = new DateTimeOffset(day.AddHours(9).AddMinutes(30), pacific.GetUtcOffset(day.AddHours(9)));
        var meeting = await organizer.ScheduleOkAsync(new
        {
            title = "Pacific sync",
            start = start.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            durationMinutes = 30,
            timeZone = "America/Los_Angeles",
        });
        var call = new VoiceCall(app, from: "+12025550114");
        await call.DialAsync();

        var answer = await call.PressAsync(meeting.AccessCode + "#");

        var date = start.ToString("dddd, MMMM d", CultureInfo.GetCultureInfo("en-US"));
        Assert.That(answer.Said.Single(), Is.EqualTo($"This meeting starts at 9:30 AM on {date}, Los Angeles time. You can join from 9:15 AM. Please call back then. Goodbye."));
        Assert.That(answer.HangsUp, Is.True);
    }

    [Test]
    public async Task An_early_caller_of_a_meeting_just_after_midnight_hears_that_the_code_opens_the_day_before()
    {
        var organizer = await app.NewOrganizerAsync();
        var day = app.Time.GetUtcNow().UtcDateTime.Date.AddDays(4);
        var start = new DateTimeOffset(day.AddMinutes(5), TimeSpan.Zero);
        var meeting = await organizer.ScheduleOkAsync(new
        {
            title = "Midnight release",
            start = start.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture),
            durationMinutes = 30,
            timeZone = "UTC",
        });
        var call = new VoiceCall(app, from: "+12025550119");
        await call.DialAsync();

        var answer = await call.PressAsync(meeting.AccessCode + "#");

        var english = CultureInfo.GetCultureInfo("en-US");
        Assert.That(answer.Said.Single(), Does.Contain($"You can join from 11:50 PM on {start.AddMinutes(-15).ToString("dddd, MMMM d", english)}."));
    }

    [Test]
    public async Task A_cancelled_meeting_is_named_as_cancelled()
    {
        var (organizer, meeting) = await VoiceScenarios.SharedAsync(app);
        await organizer.Http.DeleteAsync("/api/v1/conferences/" + meeting.Id);
        var call = new VoiceCall(app, from: "+12025550115");
        await call.DialAsync();

        var answer = await call.PressAsync(meeting.AccessCode + "#");

        Assert.That(answer.Said.Single(), Is.EqualTo("This meeting was cancelled by its organizer. Goodbye."));
        Assert.That(answer.HangsUp, Is.True);
    }

    [Test]
    public async Task An_expired_meeting_is_named_as_ended()
    {
        using var local = new IvrApplication();
        var organizer = await local.NewOrganizerAsync();
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(1), durationMinutes: 10);
        local.Time.Advance(TimeSpan.FromHours(2));
        var call = new VoiceCall(local);
        await call.DialAsync();

        var answer = await call.PressAsync(meeting.AccessCode + "#");

        Assert.That(answer.Said.Single(), Is.EqualTo("This meeting has ended, and its access code is no longer valid. Goodbye."));
    }

    [Test]
    public async Task Early_cancelled_and_expired_are_not_failed_guesses()
    {
        var (organizer, meeting) = await VoiceScenarios.SharedAsync(app);
        await organizer.Http.DeleteAsync("/api/v1/conferences/" + meeting.Id);
        for (var i = 0; i < 12; i++)
        {
            var call = new VoiceCall(app, from: "+12025550116");
            await call.DialAsync();
            await call.PressAsync(meeting.AccessCode + "#");
        }

        var next = await new VoiceCall(app, from: "+12025550116").DialAsync();

        Assert.That(next.Gather, Is.Not.Null, "twelve 'cancelled' answers do not lock the caller out");
    }

    [Test]
    public async Task The_dialed_number_chooses_the_language()
    {
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        var call = new VoiceCall(app, from: "+12025550117", to: "+15557650100");

        var greeting = await call.DialAsync();
        var passcode = await call.PressAsync(meeting.AccessCode + "#");
        var bridged = await call.PressAsync("739164#");

        Assert.Multiple(() =>
        {
            Assert.That(greeting.Said[0], Is.EqualTo("Bienvenido a la línea de conferencias."));
            Assert.That(greeting.SayLanguage, Is.EqualTo("es-US"));
            Assert.That(passcode.Said[0], Does.StartWith("Por favor, marque la contraseña"));
            Assert.That(bridged.Said[0], Is.EqualTo("Entrando a la reunión como Caller 0117."));
            Assert.That(bridged.Conference!.Attribute("waitUrl")!.Value, Does.Contain("l=es-US"));
        });
    }

    [Test]
    public async Task A_spanish_speaking_early_caller_hears_the_times_in_spanish()
    {
        var organizer = await app.NewOrganizerAsync();
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(2));
        var call = new VoiceCall(app, from: "+12025550118", to: "+15557650100");
        await call.DialAsync();

        var answer = await call.PressAsync(meeting.AccessCode + "#");

        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var local = TimeZoneInfo.ConvertTime(meeting.Start, zone);
        var spanish = CultureInfo.GetCultureInfo("es-US");
        Assert.That(answer.Said.Single(), Does.StartWith($"Esta reunión empieza a las {local.ToString("h:mm tt", spanish)} del {local.ToString("dddd d 'de' MMMM", spanish)}, hora de New York."));
    }

    [Test]
    public async Task A_number_not_in_the_map_hears_the_default_locale()
    {
        var greeting = await new VoiceCall(app, to: "+4930901820").DialAsync();

        Assert.That(greeting.SayLanguage, Is.EqualTo("en-US"));
    }
}
