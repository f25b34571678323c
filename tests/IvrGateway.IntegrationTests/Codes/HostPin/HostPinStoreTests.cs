using IvrGateway.Codes;

namespace IvrGateway.IntegrationTests.Codes.HostPin;

/// <summary>verify_host_pin.lua and the host-PIN slot on a real Redis, called on the store directly.</summary>
public sealed class HostPinStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 14, 0, 0, TimeSpan.Zero);
    private static readonly HostPinGuard Guard = new(3, TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(60));

    private IvrApplication app = null!;
    private HostPinStore store = null!;
    private int organizers;

    [OneTimeSetUp]
    public void StartApp()
    {
        app = new IvrApplication();
        store = app.Service<HostPinStore>();
    }

    [OneTimeTearDown]
    public void StopApp() => app.Dispose();

    private async Task<string> OrganizerAsync()
    {
        var id = "org_pin" + Interlocked.Increment(ref organizers).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
        await store.SetAsync(id, "pin-hash");
        return id;
    }

    private Task<HostPinVerdict> VerifyAsync(string organizerId, string pinHash, string member, DateTimeOffset? at = null) =>
        store.VerifyAsync(organizerId, pinHash, member, Guard, at ?? Now);

    [Test]
    public async Task The_right_pin_is_accepted_and_a_wrong_one_is_not()
    {
        var id = await OrganizerAsync();

        Assert.That(await VerifyAsync(id, "pin-hash", "CA1:hostPin:1"), Is.EqualTo(HostPinVerdict.Accepted));
        Assert.That(await VerifyAsync(id, "other-hash", "CA1:hostPin:2"), Is.EqualTo(HostPinVerdict.Wrong));
    }

    [Test]
    public async Task Failures_from_any_calls_lock_pin_entry_even_for_the_right_pin_until_the_lock_ends()
    {
        var id = await OrganizerAsync();

        var first = await VerifyAsync(id, "guess-1", "CAa:accessCode:1");
        var second = await VerifyAsync(id, "guess-2", "CAb:passcode:1");
        var third = await VerifyAsync(id, "guess-3", "CAc:hostPin:2");
        var right = await VerifyAsync(id, "pin-hash", "CAd:hostPin:1", Now.AddMinutes(59));
        var later = await VerifyAsync(id, "pin-hash", "CAe:hostPin:1", Now.AddMinutes(60).AddMilliseconds(1));

        Assert.That(new[] { first, second, third }, Is.EqualTo(new[] { HostPinVerdict.Wrong, HostPinVerdict.Wrong, HostPinVerdict.WrongAndLocked }));
        Assert.That(right, Is.EqualTo(HostPinVerdict.Locked));
        Assert.That(later, Is.EqualTo(HostPinVerdict.Accepted), "the lock ends on the gateway's clock");
    }

    [Test]
    public async Task A_replayed_try_counts_once_and_failures_older_than_the_window_do_not_count()
    {
        var id = await OrganizerAsync();

        await VerifyAsync(id, "guess-1", "CAold:hostPin:1", Now.AddMinutes(-61));
        for (var i = 0; i < 5; i++)
        {
            await VerifyAsync(id, "guess-2", "CAreplay:hostPin:1");
        }
        var next = await VerifyAsync(id, "guess-3", "CAnext:hostPin:1");

        Assert.That(next, Is.EqualTo(HostPinVerdict.Wrong), "one replayed try and one fresh one: two in the window");
    }

    [Test]
    public async Task Lifting_ends_the_lock_and_forgets_the_failures()
    {
        var id = await OrganizerAsync();
        for (var i = 0; i < 3; i++)
        {
            await VerifyAsync(id, "guess", $"CA{i}:hostPin:1");
        }

        var lifted = await store.LiftAsync(id, Now);
        var liftedAgain = await store.LiftAsync(id, Now);
        var afterLift = await VerifyAsync(id, "guess", "CAafter:hostPin:1");

        Assert.That(lifted, Is.True);
        Assert.That(liftedAgain, Is.False, "nothing was locked any more");
        Assert.That(afterLift, Is.EqualTo(HostPinVerdict.Wrong), "a fresh count, not a lock at once");
    }

    [Test]
    public async Task A_rotated_pin_replaces_the_old_one_and_a_revoked_pin_refuses_everything()
    {
        var id = await OrganizerAsync();

        await store.SetAsync(id, "new-hash");
        var old = await VerifyAsync(id, "pin-hash", "CAold:hostPin:1");
        var rotated = await VerifyAsync(id, "new-hash", "CAnew:hostPin:1");
        await store.RevokeAsync(id);
        var revoked = await VerifyAsync(id, "new-hash", "CArevoked:hostPin:1");

        Assert.That(old, Is.EqualTo(HostPinVerdict.Wrong));
        Assert.That(rotated, Is.EqualTo(HostPinVerdict.Accepted));
        Assert.That(revoked, Is.EqualTo(HostPinVerdict.Refused));
    }

    [Test]
    public async Task The_slot_is_the_organizers_own()
    {
        var id = await OrganizerAsync();

        var keys = TestRedis.Keys($"{app.KeyPrefix}:{{h:{id}}}:*").Select(k => k.ToString()).ToList();

        Assert.That(keys, Is.EqualTo(new[] { $"{app.KeyPrefix}:{{h:{id}}}:pin" }));
    }
}
