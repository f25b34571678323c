using System.Collections.Concurrent;
using IvrGateway.Codes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IvrGateway.IntegrationTests.Codes;

/// <summary>Uniqueness of one-time codes, enforced by Redis and not by luck.</summary>
public sealed class CodeReservationTests
{
    /// <summary>Deals codes from a small pool so that concurrent schedulings collide often.</summary>
    private sealed class SmallPoolGenerator(IReadOnlyList<string> pool) : IAccessCodeGenerator
    {
        public ConcurrentBag<string> Dealt { get; } = [];

        public string Next()
        {
            var code = pool[Random.Shared.Next(pool.Count)];
            Dealt.Add(code);
            return code;
        }
    }

    /// <summary>Deals a scripted sequence: the test decides which code comes next.</summary>
    private sealed class ScriptedGenerator : IAccessCodeGenerator
    {
        public Queue<string> Next_ { get; } = new();

        public string Next()
        {
            lock (Next_)
            {
                return Next_.Count > 0 ? Next_.Dequeue() : AccessCodes.Generate();
            }
        }
    }

    private static IvrApplication AppWith(IAccessCodeGenerator generator) =>
        new(services: s =>
        {
            s.RemoveAll<IAccessCodeGenerator>();
            s.AddSingleton(generator);
        });

    [Test]
    public async Task Fifty_concurrent_schedulings_never_share_a_code_even_when_the_draws_collide()
    {
        var pool = Enumerable.Range(0, 120).Select(_ => AccessCodes.Generate()).Distinct().ToList();
        var generator = new SmallPoolGenerator(pool);
        using var app = AppWith(generator);
        var organizers = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => app.NewOrganizerAsync("Organizer " + i)));

        var meetings = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            organizers[i % organizers.Length].ScheduleInAsync(TimeSpan.FromHours(1 + i))));

        var codes = meetings.Select(m => m.AccessCode).ToList();
        Assert.That(codes, Is.Unique);
        Assert.That(generator.Dealt.Count, Is.GreaterThan(55), "5 personal codes + 50 meetings: any more draws means collisions happened and were retried");
        foreach (var meeting in meetings)
        {
            var match = await app.LookupAsync(meeting.AccessCode);
            Assert.That(match.MeetingId, Is.EqualTo(meeting.Id), "each code leads to the meeting it was issued for");
        }
    }

    [Test]
    public async Task A_cancelled_meetings_code_is_not_issued_again_during_quarantine()
    {
        var generator = new ScriptedGenerator();
        using var app = AppWith(generator);
        var organizer = await app.NewOrganizerAsync();
        var first = await organizer.ScheduleInAsync(TimeSpan.FromHours(1));
        await organizer.Http.DeleteAsync("/api/v1/conferences/" + first.Id);

        generator.Next_.Enqueue(first.AccessCode);
        var second = await organizer.ScheduleInAsync(TimeSpan.FromHours(2));

        Assert.That(second.AccessCode, Is.Not.EqualTo(first.AccessCode));
        Assert.That((await app.LookupAsync(first.AccessCode)).State, Is.EqualTo(CodeState.Cancelled), "a late caller of the old meeting still hears it was cancelled");
    }

    [Test]
    public async Task An_expired_meetings_code_stays_out_of_circulation_for_90_days()
    {
        var generator = new ScriptedGenerator();
        using var app = AppWith(generator);
        var organizer = await app.NewOrganizerAsync();
        var old = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(1), durationMinutes: 5);
        app.Time.Advance(TimeSpan.FromDays(30));
        Assert.That((await app.LookupAsync(old.AccessCode)).State, Is.EqualTo(CodeState.Expired));

        generator.Next_.Enqueue(old.AccessCode);
        var next = await organizer.ScheduleInAsync(TimeSpan.FromHours(1));

        Assert.That(next.AccessCode, Is.Not.EqualTo(old.AccessCode));
        var ttl = await TestRedis.Database.KeyTimeToLiveAsync($"{app.KeyPrefix}:{{a:{app.Service<SecretHasher>().SlotId(old.AccessCode)}}}:code");
        Assert.That(ttl, Is.GreaterThan(TimeSpan.FromDays(89)), "expiry is the end of the window plus the quarantine");
    }

    [Test]
    public async Task A_code_is_issued_again_once_its_quarantine_is_over()
    {
        var generator = new ScriptedGenerator();
        using var app = AppWith(generator);
        var organizer = await app.NewOrganizerAsync();
        // Scheduled 92 days ago by the test clock: its quarantine ended two days ago by Redis's clock too.
        var old = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(1), durationMinutes: 5);
        var tag = app.Service<SecretHasher>().SlotId(old.AccessCode);
        await TestRedis.Database.KeyExpireAsync($"{app.KeyPrefix}:{{a:{tag}}}:code", TimeSpan.FromMilliseconds(1));
        await Task.Delay(20);

        generator.Next_.Enqueue(old.AccessCode);
        var reused = await organizer.ScheduleInAsync(TimeSpan.FromHours(1));

        Assert.That(reused.AccessCode, Is.EqualTo(old.AccessCode));
        Assert.That((await app.LookupAsync(old.AccessCode)).MeetingId, Is.EqualTo(reused.Id));
    }

    [Test]
    public async Task A_one_time_code_never_equals_an_organizers_personal_code()
    {
        var generator = new ScriptedGenerator();
        using var app = AppWith(generator);
        var organizer = await app.NewOrganizerAsync();

        generator.Next_.Enqueue(organizer.Account.PersonalAccessCode);
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromHours(1));

        Assert.That(meeting.AccessCode, Is.Not.EqualTo(organizer.Account.PersonalAccessCode));
        Assert.That((await app.LookupAsync(organizer.Account.PersonalAccessCode)).Kind, Is.EqualTo(AccessCodeKind.Personal));
    }
}
