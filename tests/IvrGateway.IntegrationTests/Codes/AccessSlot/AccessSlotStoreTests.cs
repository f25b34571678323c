using IvrGateway.Codes;

namespace IvrGateway.IntegrationTests.Codes.AccessSlot;

/// <summary>
/// The access slot's scripts on a real Redis, called on the store directly: every branch of
/// lookup_code, reserve_code, room_meeting and update_onetime. Each test uses slots of its own.
/// </summary>
public sealed class AccessSlotStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Far = Now.AddDays(365);

    private IvrApplication app = null!;
    private AccessSlotStore store = null!;

    [OneTimeSetUp]
    public void StartApp()
    {
        app = new IvrApplication();
        store = app.Service<AccessSlotStore>();
    }

    [OneTimeTearDown]
    public void StopApp() => app.Dispose();

    internal static string NewSlot() => Guid.NewGuid().ToString("N");

    internal static CodeEntry OneTime(string meetingId, DateTimeOffset from, DateTimeOffset until, PasscodeMode mode = PasscodeMode.None,
        string? shared = null, bool cancelled = false, bool waitForHost = true) =>
        new(AccessCodeKind.OneTime, "org_alice0001", "Alice Archer", "Europe/Berlin", mode, shared, waitForHost, meetingId, cancelled,
            from.AddMinutes(10), from, until);

    internal static CodeEntry Room(PasscodeMode mode = PasscodeMode.None, string? shared = null) =>
        CodeEntry.PersonalRoom("org_alice0001", "Alice Archer", "Europe/Berlin", mode, shared);

    [Test]
    public async Task An_unknown_slot_is_unknown()
    {
        var match = await store.FindAsync(NewSlot(), Now);

        Assert.That(match.State, Is.EqualTo(CodeState.Unknown));
    }

    [Test]
    public async Task A_one_time_code_is_read_back_as_written_and_classified_by_its_window()
    {
        var slot = NewSlot();
        var entry = OneTime("mtg_a1", Now.AddHours(1), Now.AddHours(2), PasscodeMode.Shared, "shared-hash", waitForHost: false);
        Assert.That(await store.TryReserveOneTimeAsync(slot, entry, "mtg_a1", "{}", [], Far), Is.True);

        var active = await store.FindAsync(slot, Now.AddHours(1.5));
        Assert.Multiple(() =>
        {
            Assert.That(active.State, Is.EqualTo(CodeState.Active));
            Assert.That(active.Kind, Is.EqualTo(AccessCodeKind.OneTime));
            Assert.That(active.SlotId, Is.EqualTo(slot));
            Assert.That(active.OrganizerId, Is.EqualTo("org_alice0001"));
            Assert.That(active.MeetingId, Is.EqualTo("mtg_a1"));
            Assert.That(active.Start, Is.EqualTo(entry.Start));
            Assert.That(active.ActiveFrom, Is.EqualTo(entry.ActiveFrom));
            Assert.That(active.ActiveUntil, Is.EqualTo(entry.ActiveUntil));
            Assert.That(active.TimeZone, Is.EqualTo("Europe/Berlin"));
            Assert.That(active.PasscodeMode, Is.EqualTo(PasscodeMode.Shared));
            Assert.That(active.SharedPasscodeHash, Is.EqualTo("shared-hash"));
            Assert.That(active.WaitForHost, Is.False);
        });
        Assert.That((await store.FindAsync(slot, Now)).State, Is.EqualTo(CodeState.NotYetActive));
        Assert.That((await store.FindAsync(slot, Now.AddHours(2))).State, Is.EqualTo(CodeState.Expired), "the end is exclusive");
    }

    [Test]
    public async Task Reserving_a_taken_code_fails_and_changes_nothing()
    {
        var slot = NewSlot();
        Assert.That(await store.TryReserveOneTimeAsync(slot, OneTime("mtg_first", Now, Now.AddHours(1)), "mtg_first", "{\"n\":1}", [], Far), Is.True);
        var before = TestRedis.Snapshot(app.KeyPrefix);

        var second = await store.TryReserveOneTimeAsync(slot, OneTime("mtg_second", Now, Now.AddHours(1)), "mtg_second", "{\"n\":2}", [], Far);
        var personal = await store.TryReservePersonalRoomAsync(slot, Room());

        Assert.That(second, Is.False);
        Assert.That(personal, Is.False);
        Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before));
        Assert.That((await store.FindAsync(slot, Now)).MeetingId, Is.EqualTo("mtg_first"));
    }

    [Test]
    public async Task A_one_time_code_and_its_meeting_expire_at_the_given_instant_and_a_room_never()
    {
        var slot = NewSlot();
        var room = NewSlot();
        await store.TryReserveOneTimeAsync(slot, OneTime("mtg_ttl", Now, Now.AddHours(1)), "mtg_ttl", "{}",
            [new PasscodeHolder("pc-hash", "mtg_ttl", "ct_1", "Bob")], Far);
        await store.TryReservePersonalRoomAsync(room, Room());

        var codeTtl = await TestRedis.Database.KeyTimeToLiveAsync($"{app.KeyPrefix}:{{a:{slot}}}:code");
        var roomTtl = await TestRedis.Database.KeyTimeToLiveAsync($"{app.KeyPrefix}:{{a:{room}}}:code");

        Assert.That(codeTtl, Is.Not.Null);
        Assert.That(roomTtl, Is.Null);
        Assert.That(await store.ReadMeetingAsync(slot, "mtg_ttl"), Is.EqualTo(new MeetingDocument("{}", 1)));
    }

    [Test]
    public async Task A_cancelled_one_time_code_is_cancelled_whatever_the_time()
    {
        var slot = NewSlot();
        await store.TryReserveOneTimeAsync(slot, OneTime("mtg_c", Now, Now.AddHours(1)), "mtg_c", "{}", [], Far);

        var outcome = await store.UpdateOneTimeAsync(slot, "mtg_c", 1, "{\"cancelled\":true}", OneTime("mtg_c", Now, Now.AddHours(1), cancelled: true), Far);

        Assert.That(outcome, Is.EqualTo(WriteOutcome.Done));
        Assert.That((await store.FindAsync(slot, Now.AddMinutes(30))).State, Is.EqualTo(CodeState.Cancelled));
        Assert.That(await store.ReadMeetingAsync(slot, "mtg_c"), Is.EqualTo(new MeetingDocument("{\"cancelled\":true}", 2)));
    }

    [Test]
    public async Task Updating_a_one_time_meeting_checks_its_version_and_that_it_exists()
    {
        var slot = NewSlot();
        await store.TryReserveOneTimeAsync(slot, OneTime("mtg_v", Now, Now.AddHours(1)), "mtg_v", "{}", [], Far);
        var moved = OneTime("mtg_v", Now.AddHours(3), Now.AddHours(4));

        var stale = await store.UpdateOneTimeAsync(slot, "mtg_v", 7, "{\"stale\":true}", moved, Far);
        var missing = await store.UpdateOneTimeAsync(slot, "mtg_other", 1, "{}", moved, Far);
        var done = await store.UpdateOneTimeAsync(slot, "mtg_v", 1, "{\"moved\":true}", moved, Far);
        var again = await store.UpdateOneTimeAsync(slot, "mtg_v", 1, "{\"again\":true}", moved, Far);

        Assert.Multiple(() =>
        {
            Assert.That(stale, Is.EqualTo(WriteOutcome.VersionConflict));
            Assert.That(missing, Is.EqualTo(WriteOutcome.Missing));
            Assert.That(done, Is.EqualTo(WriteOutcome.Done));
            Assert.That(again, Is.EqualTo(WriteOutcome.VersionConflict), "version 1 was used up");
        });
        var match = await store.FindAsync(slot, Now.AddHours(3.5));
        Assert.That(match.State, Is.EqualTo(CodeState.Active), "the code entry's window moved with the record");
    }

    [Test]
    public async Task A_personal_room_is_always_active_and_has_no_current_meeting_without_one_on()
    {
        var slot = NewSlot();
        await store.TryReservePersonalRoomAsync(slot, Room(PasscodeMode.Shared, "room-hash"));

        var match = await store.FindAsync(slot, Now);

        Assert.Multiple(() =>
        {
            Assert.That(match.State, Is.EqualTo(CodeState.Active));
            Assert.That(match.Kind, Is.EqualTo(AccessCodeKind.Personal));
            Assert.That(match.MeetingId, Is.Null);
            Assert.That(match.WaitForHost, Is.True, "without a meeting on, callers wait for the host");
            Assert.That(match.SharedPasscodeHash, Is.EqualTo("room-hash"));
        });
    }

    [Test]
    public async Task The_current_room_meeting_is_the_earliest_starting_one_on_now()
    {
        var slot = NewSlot();
        await store.TryReservePersonalRoomAsync(slot, Room());
        await store.WriteRoomMeetingAsync(slot, "mtg_later", 0, "{}", new RoomWindow(Now.AddMinutes(-10), Now.AddHours(1), WaitForHost: true), [], Far, Now.AddDays(-1));
        await store.WriteRoomMeetingAsync(slot, "mtg_earlier", 0, "{}", new RoomWindow(Now.AddMinutes(-20), Now.AddHours(1), WaitForHost: false), [], Far, Now.AddDays(-1));
        await store.WriteRoomMeetingAsync(slot, "mtg_over", 0, "{}", new RoomWindow(Now.AddHours(-3), Now.AddHours(-2), WaitForHost: false), [], Far, Now.AddDays(-1));

        var now = await store.FindAsync(slot, Now);
        var afterwards = await store.FindAsync(slot, Now.AddHours(1));

        Assert.That(now.MeetingId, Is.EqualTo("mtg_earlier"));
        Assert.That(now.WaitForHost, Is.False);
        Assert.That(afterwards.MeetingId, Is.Null, "the end is exclusive");
    }

    [Test]
    public async Task A_room_meeting_write_on_a_one_time_code_finds_no_room()
    {
        var slot = NewSlot();
        await store.TryReserveOneTimeAsync(slot, OneTime("mtg_x", Now, Now.AddHours(1)), "mtg_x", "{}", [], Far);

        var outcome = await store.WriteRoomMeetingAsync(slot, "mtg_y", 0, "{}", new RoomWindow(Now, Now.AddHours(1), true), [], Far, Now);
        var nothing = await store.WriteRoomMeetingAsync(NewSlot(), "mtg_y", 0, "{}", new RoomWindow(Now, Now.AddHours(1), true), [], Far, Now);

        Assert.That(outcome, Is.EqualTo(WriteOutcome.Missing));
        Assert.That(nothing, Is.EqualTo(WriteOutcome.Missing));
    }

    [Test]
    public async Task Room_meeting_writes_check_versions_and_that_the_meeting_exists()
    {
        var slot = NewSlot();
        await store.TryReservePersonalRoomAsync(slot, Room());
        var window = new RoomWindow(Now, Now.AddHours(1), true);

        var created = await store.WriteRoomMeetingAsync(slot, "mtg_r", 0, "{\"v\":1}", window, [], Far, Now.AddDays(-1));
        var createdAgain = await store.WriteRoomMeetingAsync(slot, "mtg_r", 0, "{\"v\":1}", window, [], Far, Now.AddDays(-1));
        var stale = await store.WriteRoomMeetingAsync(slot, "mtg_r", 5, "{}", window, [], Far, Now.AddDays(-1));
        var missing = await store.WriteRoomMeetingAsync(slot, "mtg_none", 1, "{}", window, [], Far, Now.AddDays(-1));
        var updated = await store.WriteRoomMeetingAsync(slot, "mtg_r", 1, "{\"v\":2}", window, [], Far, Now.AddDays(-1));

        Assert.Multiple(() =>
        {
            Assert.That(created, Is.EqualTo(WriteOutcome.Done));
            Assert.That(createdAgain, Is.EqualTo(WriteOutcome.VersionConflict));
            Assert.That(stale, Is.EqualTo(WriteOutcome.VersionConflict));
            Assert.That(missing, Is.EqualTo(WriteOutcome.Missing));
            Assert.That(updated, Is.EqualTo(WriteOutcome.Done));
        });
        Assert.That(await store.ReadMeetingAsync(slot, "mtg_r"), Is.EqualTo(new MeetingDocument("{\"v\":2}", 2)));
    }

    [Test]
    public async Task A_cancelled_room_meeting_leaves_the_room_with_its_passcodes()
    {
        var slot = NewSlot();
        await store.TryReservePersonalRoomAsync(slot, Room(PasscodeMode.Unique));
        var window = new RoomWindow(Now.AddMinutes(-5), Now.AddHours(1), false);
        await store.WriteRoomMeetingAsync(slot, "mtg_gone", 0, "{}", window, [new PasscodeHolder("pc-gone", "mtg_gone", "ct_1", "Bob")], Far, Now.AddDays(-1));
        Assert.That((await store.FindAsync(slot, Now)).MeetingId, Is.EqualTo("mtg_gone"));

        var outcome = await store.WriteRoomMeetingAsync(slot, "mtg_gone", 1, "{\"cancelled\":true}", null, [], Far, Now.AddDays(-1));

        Assert.That(outcome, Is.EqualTo(WriteOutcome.Done));
        Assert.That((await store.FindAsync(slot, Now)).MeetingId, Is.Null);
        Assert.That(await TestRedis.Database.HashExistsAsync($"{app.KeyPrefix}:{{a:{slot}}}:passcodes", "pc-gone"), Is.False);
    }

    [Test]
    public async Task Writing_a_room_meeting_prunes_meetings_that_ended_before_the_horizon_and_their_passcodes()
    {
        var slot = NewSlot();
        await store.TryReservePersonalRoomAsync(slot, Room(PasscodeMode.Unique));
        await store.WriteRoomMeetingAsync(slot, "mtg_old", 0, "{}", new RoomWindow(Now.AddDays(-3), Now.AddDays(-3).AddHours(1), true),
            [new PasscodeHolder("pc-old", "mtg_old", "ct_1", "Bob")], Far, Now.AddDays(-10));
        await store.WriteRoomMeetingAsync(slot, "mtg_recent", 0, "{}", new RoomWindow(Now.AddHours(-3), Now.AddHours(-2), true),
            [new PasscodeHolder("pc-recent", "mtg_recent", "ct_2", "Carol")], Far, Now.AddDays(-10));

        await store.WriteRoomMeetingAsync(slot, "mtg_new", 0, "{}", new RoomWindow(Now, Now.AddHours(1), true),
            [new PasscodeHolder("pc-new", "mtg_new", "ct_3", "Dan")], Far, pruneBefore: Now.AddDays(-1));

        var room = await TestRedis.Database.HashKeysAsync($"{app.KeyPrefix}:{{a:{slot}}}:room");
        var passcodes = await TestRedis.Database.HashKeysAsync($"{app.KeyPrefix}:{{a:{slot}}}:passcodes");
        Assert.That(room.Select(r => r.ToString()), Is.EquivalentTo(new[] { "mtg_recent", "mtg_new" }));
        Assert.That(passcodes.Select(p => p.ToString()), Is.EquivalentTo(new[] { "pc-recent", "pc-new" }));
    }

    [Test]
    public async Task A_unique_passcode_another_live_meeting_of_the_room_holds_is_refused_and_nothing_is_written()
    {
        var slot = NewSlot();
        await store.TryReservePersonalRoomAsync(slot, Room(PasscodeMode.Unique));
        var window = new RoomWindow(Now.AddHours(1), Now.AddHours(2), true);
        await store.WriteRoomMeetingAsync(slot, "mtg_first", 0, "{}", window, [new PasscodeHolder("pc-shared", "mtg_first", "ct_1", "Bob")], Far, Now.AddDays(-1));
        var before = TestRedis.Snapshot(app.KeyPrefix).Where(kv => kv.Key.Contains(slot, StringComparison.Ordinal)).ToList();

        var clash = await store.WriteRoomMeetingAsync(slot, "mtg_second", 0, "{}", new RoomWindow(Now.AddDays(1), Now.AddDays(1).AddHours(1), true),
            [new PasscodeHolder("pc-free", "mtg_second", "ct_2", "Carol"), new PasscodeHolder("pc-shared", "mtg_second", "ct_3", "Dan")], Far, Now.AddDays(-1));
        var after = TestRedis.Snapshot(app.KeyPrefix).Where(kv => kv.Key.Contains(slot, StringComparison.Ordinal)).ToList();
        var again = await store.WriteRoomMeetingAsync(slot, "mtg_first", 1, "{\"v\":2}", window, [new PasscodeHolder("pc-shared", "mtg_first", "ct_1", "Bob")], Far, Now.AddDays(-1));
        var redrawn = await store.WriteRoomMeetingAsync(slot, "mtg_second", 0, "{}", new RoomWindow(Now.AddDays(1), Now.AddDays(1).AddHours(1), true),
            [new PasscodeHolder("pc-free", "mtg_second", "ct_2", "Carol"), new PasscodeHolder("pc-other", "mtg_second", "ct_3", "Dan")], Far, Now.AddDays(-1));

        Assert.Multiple(() =>
        {
            Assert.That(clash, Is.EqualTo(WriteOutcome.PasscodeTaken));
            Assert.That(after, Is.EqualTo(before), "all or nothing");
            Assert.That(again, Is.EqualTo(WriteOutcome.Done), "a meeting keeps its own passcodes when it is rewritten");
            Assert.That(redrawn, Is.EqualTo(WriteOutcome.Done));
        });
    }

    [Test]
    public async Task A_passcode_of_a_meeting_that_left_the_room_is_free_again()
    {
        var slot = NewSlot();
        await store.TryReservePersonalRoomAsync(slot, Room(PasscodeMode.Unique));
        await store.WriteRoomMeetingAsync(slot, "mtg_long_ago", 0, "{}", new RoomWindow(Now.AddDays(-5), Now.AddDays(-5).AddHours(1), true),
            [new PasscodeHolder("pc-old", "mtg_long_ago", "ct_1", "Bob")], Far, Now.AddDays(-10));

        var reuse = await store.WriteRoomMeetingAsync(slot, "mtg_now", 0, "{}", new RoomWindow(Now, Now.AddHours(1), true),
            [new PasscodeHolder("pc-old", "mtg_now", "ct_2", "Carol")], Far, Now.AddDays(-1));

        Assert.That(reuse, Is.EqualTo(WriteOutcome.Done));
    }
}
