using IvrGateway.Codes;

namespace IvrGateway.IntegrationTests.Codes.AccessSlot;

/// <summary>
/// admit.lua and conference_event.lua on a real Redis, called on the store directly: every way in
/// and every way of being refused, the meeting's passcode lock, labels and the roster.
/// </summary>
public sealed class AdmissionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Far = Now.AddDays(365);
    private static readonly PasscodeGuard Guard = new(3, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5));

    private IvrApplication app = null!;
    private AccessSlotStore store = null!;
    private int calls;

    [OneTimeSetUp]
    public void StartApp()
    {
        app = new IvrApplication();
        store = app.Service<AccessSlotStore>();
    }

    [OneTimeTearDown]
    public void StopApp() => app.Dispose();

    private string NextSid() => "CA" + Interlocked.Increment(ref calls).ToString("D32", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> MeetingAsync(PasscodeMode mode, string? shared = null, params PasscodeHolder[] holders)
    {
        var slot = AccessSlotStoreTests.NewSlot();
        var entry = AccessSlotStoreTests.OneTime("mtg_m", Now.AddMinutes(-10), Now.AddHours(1), mode, shared);
        Assert.That(await store.TryReserveOneTimeAsync(slot, entry, "mtg_m", "{}", holders, Far), Is.True);
        return slot;
    }

    private Task<Admission> AdmitAsync(string slot, AdmissionKind kind, string secret, string? sid = null, string caller = "+12025550100",
        string guestLabel = "Caller 0100", DateTimeOffset? at = null, string? member = null, string organizerId = "org_alice0001")
    {
        var callSid = sid ?? NextSid();
        return store.AdmitAsync(slot, new AdmissionRequest(kind, callSid, caller, member ?? callSid + ":passcode:1", secret, guestLabel,
            kind == AdmissionKind.Host ? organizerId : ""), Guard, at ?? Now);
    }

    [Test]
    public async Task An_unknown_cancelled_or_expired_code_is_gone()
    {
        var cancelled = AccessSlotStoreTests.NewSlot();
        await store.TryReserveOneTimeAsync(cancelled, AccessSlotStoreTests.OneTime("mtg_c", Now, Now.AddHours(1), cancelled: true), "mtg_c", "{}", [], Far);
        var expired = await MeetingAsync(PasscodeMode.None);

        var unknown = await AdmitAsync(AccessSlotStoreTests.NewSlot(), AdmissionKind.Guest, "");
        var whenCancelled = await AdmitAsync(cancelled, AdmissionKind.Guest, "");
        var whenExpired = await AdmitAsync(expired, AdmissionKind.Guest, "", at: Now.AddHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(unknown.Result, Is.EqualTo(AdmissionResult.Gone));
            Assert.That(whenCancelled.Result, Is.EqualTo(AdmissionResult.Gone));
            Assert.That(whenExpired.Result, Is.EqualTo(AdmissionResult.Gone));
        });
    }

    [Test]
    public async Task The_verified_host_gets_in_under_the_organizers_name_and_another_organizers_host_does_not()
    {
        var slot = await MeetingAsync(PasscodeMode.Shared, "shared-hash");

        var wrong = await AdmitAsync(slot, AdmissionKind.Host, "", organizerId: "org_mallory0001");
        var host = await AdmitAsync(slot, AdmissionKind.Host, "");

        Assert.That(wrong.Result, Is.EqualTo(AdmissionResult.Wrong));
        Assert.Multiple(() =>
        {
            Assert.That(host.Result, Is.EqualTo(AdmissionResult.Admitted));
            Assert.That(host.IsHost, Is.True);
            Assert.That(host.Label, Is.EqualTo("Alice Archer"));
            Assert.That(host.Copy, Is.EqualTo(1));
            Assert.That(host.MeetingId, Is.EqualTo("mtg_m"));
            Assert.That(host.Conference, Is.EqualTo("meeting-mtg_m"));
            Assert.That(host.PasscodeKind, Is.EqualTo(PasscodeKinds.HostPin));
            Assert.That(host.WaitForHost, Is.True);
        });
    }

    [Test]
    public async Task A_guest_gets_in_only_where_no_passcode_is_asked()
    {
        var open = await MeetingAsync(PasscodeMode.None);
        var protectedMeeting = await MeetingAsync(PasscodeMode.Shared, "shared-hash");

        var guest = await AdmitAsync(open, AdmissionKind.Guest, "", guestLabel: "Caller 0199");
        var refused = await AdmitAsync(protectedMeeting, AdmissionKind.Guest, "");

        Assert.That(guest.Result, Is.EqualTo(AdmissionResult.Admitted));
        Assert.That(guest.Label, Is.EqualTo("Caller 0199"));
        Assert.That(guest.Role, Is.EqualTo(Admission.ParticipantRole));
        Assert.That(guest.PasscodeKind, Is.EqualTo(PasscodeKinds.None));
        Assert.That(refused.Result, Is.EqualTo(AdmissionResult.Wrong));
    }

    [Test]
    public async Task A_shared_passcode_admits_under_the_guest_label_and_a_unique_one_under_the_invitees_name()
    {
        var shared = await MeetingAsync(PasscodeMode.Shared, "shared-hash");
        var unique = await MeetingAsync(PasscodeMode.Unique, null, new PasscodeHolder("bob-hash", "mtg_m", "ct_bob", "Bob Baker"));

        var withShared = await AdmitAsync(shared, AdmissionKind.Passcode, "shared-hash", guestLabel: "Caller 0100");
        var withUnique = await AdmitAsync(unique, AdmissionKind.Passcode, "bob-hash");

        Assert.That(withShared.Label, Is.EqualTo("Caller 0100"));
        Assert.That(withShared.PasscodeKind, Is.EqualTo(PasscodeKinds.Shared));
        Assert.That(withShared.ContactId, Is.Null);
        Assert.That(withUnique.Label, Is.EqualTo("Bob Baker"));
        Assert.That(withUnique.ContactId, Is.EqualTo("ct_bob"));
        Assert.That(withUnique.PasscodeKind, Is.EqualTo(PasscodeKinds.Unique));
    }

    [Test]
    public async Task A_passcode_nobody_holds_is_wrong_and_counts_against_the_meeting()
    {
        var slot = await MeetingAsync(PasscodeMode.Unique, null, new PasscodeHolder("bob-hash", "mtg_m", "ct_bob", "Bob Baker"));

        var unknown = await AdmitAsync(slot, AdmissionKind.Passcode, "nobodys-hash");

        Assert.That(unknown.Result, Is.EqualTo(AdmissionResult.Wrong));
        Assert.That(await TestRedis.Database.SortedSetLengthAsync($"{app.KeyPrefix}:{{a:{slot}}}:passcodeFailures"), Is.EqualTo(1));
    }

    [Test]
    public async Task Wrong_passcodes_from_any_callers_lock_the_meeting_and_the_lock_ends_on_time()
    {
        var slot = await MeetingAsync(PasscodeMode.Shared, "shared-hash");

        var first = await AdmitAsync(slot, AdmissionKind.Passcode, "guess-1", caller: "+12025550101");
        var second = await AdmitAsync(slot, AdmissionKind.Passcode, "guess-2", caller: "+12025550102");
        var third = await AdmitAsync(slot, AdmissionKind.Passcode, "guess-3", caller: "+12025550103");
        var right = await AdmitAsync(slot, AdmissionKind.Passcode, "shared-hash", at: Now.AddMinutes(14));
        var host = await AdmitAsync(slot, AdmissionKind.Host, "", at: Now.AddMinutes(14));
        var later = await AdmitAsync(slot, AdmissionKind.Passcode, "shared-hash", at: Now.AddMinutes(15).AddMilliseconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(first.Result, Is.EqualTo(AdmissionResult.Wrong));
            Assert.That(second.Result, Is.EqualTo(AdmissionResult.Wrong));
            Assert.That(third.Result, Is.EqualTo(AdmissionResult.WrongAndLocked));
            Assert.That(third.MeetingId, Is.EqualTo("mtg_m"));
            Assert.That(right.Result, Is.EqualTo(AdmissionResult.Locked), "even the right passcode while locked");
            Assert.That(host.Result, Is.EqualTo(AdmissionResult.Admitted), "the host PIN still works");
            Assert.That(later.Result, Is.EqualTo(AdmissionResult.Admitted));
        });
    }

    [Test]
    public async Task Failures_older_than_the_window_do_not_count_and_a_retried_request_counts_once()
    {
        var slot = await MeetingAsync(PasscodeMode.Shared, "shared-hash");

        await AdmitAsync(slot, AdmissionKind.Passcode, "guess-1", at: Now.AddMinutes(-20));
        await AdmitAsync(slot, AdmissionKind.Passcode, "guess-2", sid: "CAretried", member: "CAretried:passcode:1");
        await AdmitAsync(slot, AdmissionKind.Passcode, "guess-2", sid: "CAretried", member: "CAretried:passcode:1");
        var third = await AdmitAsync(slot, AdmissionKind.Passcode, "guess-3");

        Assert.That(third.Result, Is.EqualTo(AdmissionResult.Wrong), "one old failure and one retried twice: two in the window");
    }

    [Test]
    public async Task A_locked_meeting_still_admits_an_invitees_own_unique_passcode_but_holds_wrong_ones_uncounted()
    {
        var slot = await MeetingAsync(PasscodeMode.Unique, null, new PasscodeHolder("bob-hash", "mtg_m", "ct_bob", "Bob Baker"));
        for (var i = 0; i < 3; i++)
        {
            await AdmitAsync(slot, AdmissionKind.Passcode, $"guess-{i}");
        }

        var wrongWhileLocked = await AdmitAsync(slot, AdmissionKind.Passcode, "guess-x");
        var bob = await AdmitAsync(slot, AdmissionKind.Passcode, "bob-hash");

        Assert.That(wrongWhileLocked.Result, Is.EqualTo(AdmissionResult.Locked));
        Assert.That(bob.Result, Is.EqualTo(AdmissionResult.Admitted), "the invitee's own passcode is not what guessing threatens");
        Assert.That(bob.Label, Is.EqualTo("Bob Baker"));
        Assert.That(await TestRedis.Database.SortedSetLengthAsync($"{app.KeyPrefix}:{{a:{slot}}}:passcodeFailures"), Is.EqualTo(0),
            "held attempts are not counted (the lock cleared the count)");
    }

    [Test]
    public async Task Two_contacts_with_one_name_are_numbered_and_not_reported_as_sharing_but_one_passcode_twice_is()
    {
        var slot = await MeetingAsync(PasscodeMode.Unique, null,
            new PasscodeHolder("bob1-hash", "mtg_m", "ct_bob1", "Bob Baker"), new PasscodeHolder("bob2-hash", "mtg_m", "ct_bob2", "Bob Baker"));

        var first = await AdmitAsync(slot, AdmissionKind.Passcode, "bob1-hash", sid: "CAbob1", caller: "+12025550161");
        var namesake = await AdmitAsync(slot, AdmissionKind.Passcode, "bob2-hash", sid: "CAbob2", caller: "+12025550162");
        await store.ConferenceEventAsync(slot, "mtg_m", ConferenceChange.Joined, "CAbob1", Now);
        await store.ConferenceEventAsync(slot, "mtg_m", ConferenceChange.Joined, "CAbob2", Now);
        var copy = await AdmitAsync(slot, AdmissionKind.Passcode, "bob1-hash", sid: "CAbob1copy", caller: "+12025550163");

        Assert.Multiple(() =>
        {
            Assert.That(first.SharedContact, Is.False);
            Assert.That(namesake.Label, Is.EqualTo("Bob Baker (2)"));
            Assert.That(namesake.ContactId, Is.EqualTo("ct_bob2"));
            Assert.That(namesake.SharedContact, Is.False, "a different contact of the same name");
            Assert.That(copy.Label, Is.EqualTo("Bob Baker (3)"));
            Assert.That(copy.SharedContact, Is.True, "the first Bob's passcode while he is still in the meeting");
        });
    }

    [Test]
    public async Task Unique_passcodes_of_a_room_meeting_work_only_while_it_is_on()
    {
        var slot = AccessSlotStoreTests.NewSlot();
        await store.TryReservePersonalRoomAsync(slot, AccessSlotStoreTests.Room(PasscodeMode.Unique));
        await store.WriteRoomMeetingAsync(slot, "mtg_room", 0, "{}", new RoomWindow(Now.AddHours(1), Now.AddHours(2), WaitForHost: false),
            [new PasscodeHolder("bob-hash", "mtg_room", "ct_bob", "Bob Baker")], Far, Now.AddDays(-1));

        var early = await AdmitAsync(slot, AdmissionKind.Passcode, "bob-hash");
        var onTime = await AdmitAsync(slot, AdmissionKind.Passcode, "bob-hash", at: Now.AddHours(1.5));

        Assert.That(early.Result, Is.EqualTo(AdmissionResult.Wrong));
        Assert.Multiple(() =>
        {
            Assert.That(onTime.Result, Is.EqualTo(AdmissionResult.Admitted));
            Assert.That(onTime.MeetingId, Is.EqualTo("mtg_room"));
            Assert.That(onTime.WaitForHost, Is.False, "the meeting's own setting");
            Assert.That(onTime.Conference, Is.EqualTo("room-org_alice0001"));
        });
    }

    [Test]
    public async Task The_host_in_a_room_without_a_meeting_on_has_no_meeting_and_callers_wait()
    {
        var slot = AccessSlotStoreTests.NewSlot();
        await store.TryReservePersonalRoomAsync(slot, AccessSlotStoreTests.Room());

        var host = await AdmitAsync(slot, AdmissionKind.Host, "");

        Assert.That(host.Result, Is.EqualTo(AdmissionResult.Admitted));
        Assert.That(host.MeetingId, Is.Null);
        Assert.That(host.WaitForHost, Is.True);
    }

    [Test]
    public async Task Equal_names_get_numbered_labels_and_a_readmitted_call_keeps_its_label()
    {
        var slot = await MeetingAsync(PasscodeMode.None);

        var first = await AdmitAsync(slot, AdmissionKind.Guest, "", sid: "CAfirst", caller: "+12025550111", guestLabel: "Caller");
        var second = await AdmitAsync(slot, AdmissionKind.Guest, "", sid: "CAsecond", caller: "+12025550112", guestLabel: "Caller");
        var again = await AdmitAsync(slot, AdmissionKind.Guest, "", sid: "CAsecond", caller: "+12025550112", guestLabel: "Caller");

        Assert.That(first.Label, Is.EqualTo("Caller"));
        Assert.That(second.Label, Is.EqualTo("Caller (2)"));
        Assert.That(second.Copy, Is.EqualTo(2));
        Assert.That(again.Label, Is.EqualTo("Caller (2)"));
    }

    [Test]
    public async Task A_caller_who_left_gets_their_label_back_on_a_new_call_from_the_same_number()
    {
        var slot = await MeetingAsync(PasscodeMode.None);
        await AdmitAsync(slot, AdmissionKind.Guest, "", sid: "CAone", caller: "+12025550121", guestLabel: "Caller");
        await AdmitAsync(slot, AdmissionKind.Guest, "", sid: "CAtwo", caller: "+12025550122", guestLabel: "Caller");
        await store.ConferenceEventAsync(slot, "mtg_m", ConferenceChange.Joined, "CAone", Now);
        await store.ConferenceEventAsync(slot, "mtg_m", ConferenceChange.Joined, "CAtwo", Now);
        await store.ConferenceEventAsync(slot, "mtg_m", ConferenceChange.Left, "CAtwo", Now.AddMinutes(1));
        await store.ConferenceEventAsync(slot, "mtg_m", ConferenceChange.Left, "CAone", Now.AddMinutes(1));

        var back = await AdmitAsync(slot, AdmissionKind.Guest, "", sid: "CAtwo-again", caller: "+12025550122", guestLabel: "Caller", at: Now.AddMinutes(2));

        Assert.That(back.Label, Is.EqualTo("Caller (2)"), "their own label, although the first is free too");
    }

    [Test]
    public async Task A_reserved_label_whose_caller_never_joined_is_given_to_the_next_caller_after_the_hold()
    {
        var slot = await MeetingAsync(PasscodeMode.None);
        await AdmitAsync(slot, AdmissionKind.Guest, "", sid: "CAghost", caller: "+12025550131", guestLabel: "Caller");

        var during = await AdmitAsync(slot, AdmissionKind.Guest, "", sid: "CAduring", caller: "+12025550132", guestLabel: "Caller", at: Now.AddMinutes(5));
        var after = await AdmitAsync(slot, AdmissionKind.Guest, "", sid: "CAafter", caller: "+12025550133", guestLabel: "Caller",
            at: Now.AddMinutes(5).AddMilliseconds(1));

        Assert.That(during.Label, Is.EqualTo("Caller (2)"));
        Assert.That(after.Label, Is.EqualTo("Caller"));
    }

    [Test]
    public async Task The_conference_is_full_when_all_250_labels_of_a_name_are_in_use()
    {
        var slot = await MeetingAsync(PasscodeMode.None);
        var labels = $"{app.KeyPrefix}:{{a:{slot}}}:labels";
        for (var n = 1; n <= 250; n++)
        {
            await TestRedis.Database.HashSetAsync(labels, n == 1 ? "Caller" : $"Caller ({n})", $"CAother{n}|+1999{n}|joined|{Now.ToUnixTimeMilliseconds()}");
        }

        var full = await AdmitAsync(slot, AdmissionKind.Guest, "", guestLabel: "Caller");
        var otherName = await AdmitAsync(slot, AdmissionKind.Guest, "", guestLabel: "Someone");

        Assert.That(full.Result, Is.EqualTo(AdmissionResult.Full));
        Assert.That(otherName.Result, Is.EqualTo(AdmissionResult.Admitted));
    }

    [Test]
    public async Task Join_and_leave_stamp_the_roster_once_and_only_joined_callers_attended()
    {
        var slot = await MeetingAsync(PasscodeMode.None);
        await AdmitAsync(slot, AdmissionKind.Guest, "", sid: "CAjoins", caller: "+12025550141", guestLabel: "Joiner");
        await AdmitAsync(slot, AdmissionKind.Guest, "", sid: "CAnever", caller: "+12025550142", guestLabel: "Never");

        var joined = await store.ConferenceEventAsync(slot, "mtg_m", ConferenceChange.Joined, "CAjoins", Now.AddMinutes(1));
        await store.ConferenceEventAsync(slot, "mtg_m", ConferenceChange.Joined, "CAjoins", Now.AddMinutes(2));
        var left = await store.ConferenceEventAsync(slot, "mtg_m", ConferenceChange.Left, "CAjoins", Now.AddMinutes(10));
        await store.ConferenceEventAsync(slot, "mtg_m", ConferenceChange.Left, "CAjoins", Now.AddMinutes(11));
        var unknown = await store.ConferenceEventAsync(slot, "mtg_m", ConferenceChange.Joined, "CAunknown", Now);

        Assert.That(joined, Is.True);
        Assert.That(left, Is.True);
        Assert.That(unknown, Is.False);
        var roster = await store.RosterAsync(slot, "mtg_m");
        Assert.That(roster, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(roster[0].CallSid, Is.EqualTo("CAjoins"));
            Assert.That(roster[0].DisplayName, Is.EqualTo("Joiner"));
            Assert.That(roster[0].JoinedAt, Is.EqualTo(Now.AddMinutes(1)), "the first join counts");
            Assert.That(roster[0].LeftAt, Is.EqualTo(Now.AddMinutes(10)), "the first leave counts");
            Assert.That(roster[0].DurationSeconds, Is.EqualTo(540));
        });
        var attendance = await store.AttendanceAsync([(slot, "mtg_m", "CAjoins"), (slot, "mtg_m", "CAnever"), (slot, "mtg_m", "CAunknown")]);
        Assert.That(attendance.Keys, Is.EquivalentTo(new[] { "CAjoins", "CAnever" }));
    }

    [Test]
    public async Task The_end_of_the_conference_ends_everyone_still_in_it_and_frees_their_labels()
    {
        var slot = await MeetingAsync(PasscodeMode.None);
        await AdmitAsync(slot, AdmissionKind.Guest, "", sid: "CAstays", caller: "+12025550151", guestLabel: "Caller");
        await AdmitAsync(slot, AdmissionKind.Guest, "", sid: "CAleaves", caller: "+12025550152", guestLabel: "Caller");
        await store.ConferenceEventAsync(slot, "mtg_m", ConferenceChange.Joined, "CAstays", Now.AddMinutes(1));
        await store.ConferenceEventAsync(slot, "mtg_m", ConferenceChange.Joined, "CAleaves", Now.AddMinutes(1));
        await store.ConferenceEventAsync(slot, "mtg_m", ConferenceChange.Left, "CAleaves", Now.AddMinutes(5));

        var ended = await store.ConferenceEventAsync(slot, "mtg_m", ConferenceChange.Ended, "", Now.AddMinutes(30));

        Assert.That(ended, Is.True);
        var roster = (await store.RosterAsync(slot, "mtg_m")).ToDictionary(e => e.CallSid);
        Assert.That(roster["CAstays"].LeftAt, Is.EqualTo(Now.AddMinutes(30)));
        Assert.That(roster["CAleaves"].LeftAt, Is.EqualTo(Now.AddMinutes(5)), "who had left keeps their time");
        var next = await AdmitAsync(slot, AdmissionKind.Guest, "", caller: "+12025550153", guestLabel: "Caller", at: Now.AddMinutes(31));
        Assert.That(next.Label, Is.EqualTo("Caller"), "every label is free again");
    }
}
