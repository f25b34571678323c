using IvrGateway.Organizers;
using IvrGateway.Organizers.Passwords;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IvrGateway.IntegrationTests.Organizers;

/// <summary>
/// The sign-in lockout against guesses sent all at once: the account's password is checked at most as many times as the
/// lockout allows, however many guesses are in flight. Measured at the service, under the per-node request limiter.
/// </summary>
public sealed class PasswordLockoutRaceTests
{
    private const int Guesses = 30;
    private const int Allowed = 5;

    /// <summary>The real hasher, counting the checks made against each stored hash (the decoy's too, under its own).</summary>
    private sealed class CountingHasher : IPasswordHasher<Organizer>
    {
        private readonly PasswordHasher<Organizer> inner = new();
        private readonly Dictionary<string, int> checks = new(StringComparer.Ordinal);

        public string HashPassword(Organizer user, string password) => inner.HashPassword(user, password);

        /// <summary>A check of this password waits, once <see cref="Held"/> says it has started, until <see cref="Release"/>.</summary>
        public string? HoldPassword { get; set; }

        public ManualResetEventSlim Held { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public PasswordVerificationResult VerifyHashedPassword(Organizer user, string hashedPassword, string providedPassword)
        {
            lock (checks)
            {
                checks[hashedPassword] = checks.GetValueOrDefault(hashedPassword) + 1;
            }
            if (providedPassword == HoldPassword)
            {
                Held.Set();
                Release.Wait(TimeSpan.FromSeconds(30));
            }
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }

        public int ChecksOf(string hashedPassword)
        {
            lock (checks)
            {
                return checks.GetValueOrDefault(hashedPassword);
            }
        }
    }

    private static (IvrApplication App, CountingHasher Hasher) Start()
    {
        var hasher = new CountingHasher();
        var app = new IvrApplication(services: s =>
        {
            s.RemoveAll<IPasswordHasher<Organizer>>();
            s.AddSingleton<IPasswordHasher<Organizer>>(hasher);
        });
        return (app, hasher);
    }

    private static async Task<(string Id, string Email, string Hash)> AccountAsync(IvrApplication app, string password)
    {
        var organizer = await app.NewOrganizerAsync("Gus Guessed");
        Assert.That(await app.Service<OrganizerPasswords>().SetAsync(organizer.Account.Id, password, CancellationToken.None), Is.True);
        var stored = await app.Service<OrganizerStore>().GetAsync(organizer.Account.Id);
        return (organizer.Account.Id, organizer.Account.Email, stored!.PasswordHash!);
    }

    [Test]
    public async Task Thirty_simultaneous_wrong_sign_ins_check_the_password_at_most_five_times_and_the_lock_holds_until_it_ends()
    {
        var (app, hasher) = Start();
        using var _ = app;
        var passwords = app.Service<OrganizerPasswords>();
        var (_, email, hash) = await AccountAsync(app, "the right passphrase");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Guesses).Select(i => Task.Run(() => passwords.SignInAsync(email, $"wrong guess {i}", CancellationToken.None))));
        var checks = hasher.ChecksOf(hash);
        var whileLocked = await passwords.SignInAsync(email, "the right passphrase", CancellationToken.None);
        app.Time.Advance(TimeSpan.FromMinutes(14));
        var stillLocked = await passwords.SignInAsync(email, "the right passphrase", CancellationToken.None);
        app.Time.Advance(TimeSpan.FromMinutes(2));
        var afterLock = await passwords.SignInAsync(email, "the right passphrase", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(checks, Is.LessThanOrEqualTo(Allowed), "the account's password was checked no more often than the lockout allows");
            Assert.That(outcomes, Has.None.TypeOf<SignInOutcome.SignedIn>());
            Assert.That(outcomes.Count(o => o is SignInOutcome.Wrong), Is.LessThan(Allowed), "the guess that reaches the limit is told of the lock");
            Assert.That(outcomes.Count(o => o is SignInOutcome.Locked), Is.GreaterThanOrEqualTo(Guesses - Allowed + 1));
            Assert.That(whileLocked, Is.TypeOf<SignInOutcome.Locked>(), "the right password is refused while locked");
            Assert.That(stillLocked, Is.TypeOf<SignInOutcome.Locked>(), "until the lock ends");
            Assert.That(afterLock, Is.TypeOf<SignInOutcome.SignedIn>(), "and works after");
        });
    }

    [Test]
    public async Task Thirty_simultaneous_wrong_current_passwords_check_it_at_most_five_times_and_lock_the_change()
    {
        var (app, hasher) = Start();
        using var _ = app;
        var passwords = app.Service<OrganizerPasswords>();
        var (id, email, hash) = await AccountAsync(app, "the right passphrase");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Guesses)
            .Select(i => Task.Run(() => passwords.ChangeAsync(id, $"wrong guess {i}", "a replacement passphrase", CancellationToken.None))));
        var checks = hasher.ChecksOf(hash);
        var whileLocked = await passwords.ChangeAsync(id, "the right passphrase", "a replacement passphrase", CancellationToken.None);
        var signIn = await passwords.SignInAsync(email, "the right passphrase", CancellationToken.None);
        app.Time.Advance(TimeSpan.FromMinutes(16));
        var afterLock = await passwords.ChangeAsync(id, "the right passphrase", "a replacement passphrase", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(checks, Is.LessThanOrEqualTo(Allowed), "the current password was checked no more often than the lockout allows");
            Assert.That(outcomes, Has.None.EqualTo(PasswordChange.Changed));
            Assert.That(outcomes.Count(o => o == PasswordChange.Locked), Is.GreaterThanOrEqualTo(Guesses - Allowed + 1));
            Assert.That(whileLocked, Is.EqualTo(PasswordChange.Locked), "the right current password is refused while locked");
            Assert.That(signIn, Is.TypeOf<SignInOutcome.Locked>(), "and sign-in is locked alike");
            Assert.That(afterLock, Is.EqualTo(PasswordChange.Changed), "the lock ends by itself");
        });
    }

    [Test]
    public async Task A_right_password_checked_while_guesses_lock_the_account_signs_in_but_leaves_their_lock()
    {
        var (app, hasher) = Start();
        using var _ = app;
        var passwords = app.Service<OrganizerPasswords>();
        var (_, email, _) = await AccountAsync(app, "the right passphrase");
        hasher.HoldPassword = "the right passphrase";

        // The owner's check has started (its attempt taken) when the guesses come and use up the rest, locking the account.
        var owner = Task.Run(() => passwords.SignInAsync(email, "the right passphrase", CancellationToken.None));
        Assert.That(hasher.Held.Wait(TimeSpan.FromSeconds(30)), Is.True, "the owner's check started");
        var guesses = new List<SignInOutcome>();
        for (var i = 0; i < Allowed - 1; i++)
        {
            guesses.Add(await passwords.SignInAsync(email, $"wrong guess {i}", CancellationToken.None));
        }
        hasher.Release.Set();
        var signedIn = await owner;
        var nextGuess = await passwords.SignInAsync(email, "wrong guess again", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(signedIn, Is.TypeOf<SignInOutcome.SignedIn>(), "the owner's right password signs in");
            Assert.That(guesses.Last(), Is.TypeOf<SignInOutcome.Locked>(), "the guess that reached the limit locked the account");
            Assert.That(nextGuess, Is.TypeOf<SignInOutcome.Locked>(), "the owner's success did not lift the guesser's lock");
        });
    }

    [Test]
    public async Task A_right_password_after_wrong_ones_below_the_limit_signs_in_and_forgets_them()
    {
        using var app = Start().App;
        var passwords = app.Service<OrganizerPasswords>();
        var (_, email, _) = await AccountAsync(app, "the right passphrase");

        for (var i = 0; i < Allowed - 1; i++)
        {
            Assert.That(await passwords.SignInAsync(email, "wrong", CancellationToken.None), Is.TypeOf<SignInOutcome.Wrong>());
        }
        var right = await passwords.SignInAsync(email, "the right passphrase", CancellationToken.None);
        var wrongAgain = new List<SignInOutcome>();
        for (var i = 0; i < Allowed - 1; i++)
        {
            wrongAgain.Add(await passwords.SignInAsync(email, "wrong", CancellationToken.None));
        }
        var rightAgain = await passwords.SignInAsync(email, "the right passphrase", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(right, Is.TypeOf<SignInOutcome.SignedIn>());
            Assert.That(wrongAgain, Has.All.TypeOf<SignInOutcome.Wrong>(), "the count started again after the right password");
            Assert.That(rightAgain, Is.TypeOf<SignInOutcome.SignedIn>());
        });
    }

    [Test]
    public async Task The_right_password_as_the_guess_that_reaches_the_limit_signs_in_and_leaves_no_lock()
    {
        using var app = Start().App;
        var passwords = app.Service<OrganizerPasswords>();
        var (_, email, _) = await AccountAsync(app, "the right passphrase");

        for (var i = 0; i < Allowed - 1; i++)
        {
            await passwords.SignInAsync(email, "wrong", CancellationToken.None);
        }
        var fifth = await passwords.SignInAsync(email, "the right passphrase", CancellationToken.None);
        var next = await passwords.SignInAsync(email, "the right passphrase", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(fifth, Is.TypeOf<SignInOutcome.SignedIn>());
            Assert.That(next, Is.TypeOf<SignInOutcome.SignedIn>(), "the owner is not locked out by its own right password");
        });
    }
}
