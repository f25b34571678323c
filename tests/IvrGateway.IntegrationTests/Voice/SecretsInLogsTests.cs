namespace IvrGateway.IntegrationTests.Voice;

public sealed class SecretsInLogsTests
{
    [Test]
    public async Task A_full_call_logs_no_access_code_passcode_host_pin_or_api_key()
    {
        using var app = new IvrApplication();
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(app, "Alice Archer");
        var passcode = meeting.Passcode("Alice Archer");

        var participant = new VoiceCall(app, from: "+12025550801");
        await participant.DialAsync();
        await participant.PressAsync(VoiceScenarios.Mistyped(meeting.AccessCode) + "#");
        await participant.PressAsync(meeting.AccessCode + "#");
        await participant.PressAsync("918273#");
        await participant.PressAsync(passcode + "#");
        await participant.JoinAsync();
        var host = new VoiceCall(app, from: "+12025550802");
        await host.DialAsync();
        await host.PressAsync($"{meeting.AccessCode}*{organizer.Account.HostPin}#");
        await host.JoinAsync();
        await participant.LeaveAsync();
        await participant.HangUpAsync();
        await host.LeaveAsync();
        await host.HangUpAsync();

        var logs = app.Logs.All;
        Assert.That(app.Logs.Lines, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(logs, Does.Not.Contain(meeting.AccessCode));
            Assert.That(logs, Does.Not.Contain(VoiceScenarios.Mistyped(meeting.AccessCode)));
            Assert.That(logs, Does.Not.Contain(passcode));
            Assert.That(logs, Does.Not.Contain("918273"));
            Assert.That(logs, Does.Not.Contain(organizer.Account.HostPin));
            Assert.That(logs, Does.Not.Contain(organizer.Account.ApiKey));
            Assert.That(logs, Does.Not.Contain(organizer.Account.PersonalAccessCode));
        });
    }

    [Test]
    public async Task The_call_log_record_holds_what_happened_but_never_what_was_typed()
    {
        using var app = new IvrApplication();
        var (_, meeting) = await VoiceScenarios.UniqueAsync(app, "Alice Archer");
        var call = new VoiceCall(app, from: "+12025550803");
        await call.DialAsync();
        await call.PressAsync(VoiceScenarios.UnissuedCode() + "#");
        await call.PressAsync(meeting.AccessCode + "#");
        await call.PressAsync(meeting.Passcode("Alice Archer") + "#");
        await call.HangUpAsync(95);

        var stream = TestRedis.Keys($"{app.KeyPrefix}:*:calls").Single();
        var entry = (await TestRedis.Database.StreamRangeAsync(stream)).Single();
        var record = entry.Values.ToDictionary(v => v.Name.ToString(), v => v.Value.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(record["sid"], Is.EqualTo(call.CallSid));
            Assert.That(record["status"], Is.EqualTo("completed"));
            Assert.That(record["duration"], Is.EqualTo("95"));
            Assert.That(record["label"], Is.EqualTo("Alice Archer"));
            Assert.That(record["steps"], Does.Contain("\"outcome\":\"unknown-code\"").And.Contain("\"outcome\":\"bridged\""));
            Assert.That(string.Join(" ", record.Values), Does.Not.Contain(meeting.AccessCode).And.Not.Contain(meeting.Passcode("Alice Archer")));
        });
        Assert.That(TestRedis.Keys($"{app.KeyPrefix}:*:active").Sum(k => TestRedis.Database.SortedSetLength(k)), Is.Zero, "no longer in progress");
    }
}
