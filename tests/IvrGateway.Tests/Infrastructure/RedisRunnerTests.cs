using System.Diagnostics;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using StackExchange.Redis;

namespace IvrGateway.Tests.Infrastructure;

/// <summary>The shape of the Redis pipelines, seen through what they do to an operation.</summary>
public sealed class RedisRunnerTests
{
    private ServiceProvider services = null!;
    private RedisRunner runner = null!;

    [SetUp]
    public void Build()
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddMetrics();
        collection.AddSingleton<GatewayMetrics>();
        collection.AddOptions<RedisOptions>();
        // The application's clock is a test's fake one; the pipelines must not wait on it.
        collection.AddSingleton<TimeProvider>(new FakeTimeProvider());
        collection.AddSingleton(Substitute.For<IConnectionMultiplexer>());
        collection.AddRedisResilience();
        services = collection.BuildServiceProvider();
        runner = services.GetRequiredService<RedisRunner>();
    }

    [TearDown]
    public void Dispose() => services.Dispose();

    private static RedisConnectionException Down() => new(ConnectionFailureType.SocketFailure, "down");

    [Test]
    public async Task A_read_that_fails_twice_is_retried_and_succeeds()
    {
        var attempts = 0;

        var value = await runner.ReadAsync(0, (_, _) => ++attempts < 3 ? throw Down() : Task.FromResult("ok"));

        Assert.That(value, Is.EqualTo("ok"));
        Assert.That(attempts, Is.EqualTo(3));
    }

    [Test]
    public void A_write_is_attempted_once_because_a_failed_write_may_have_happened()
    {
        var attempts = 0;

        Assert.ThrowsAsync<StoreUnavailableException>(async () =>
            await runner.WriteAsync<int, int>(0, (_, _) => { attempts++; throw Down(); }));
        Assert.That(attempts, Is.EqualTo(1));
    }

    [Test]
    public void An_operation_that_never_answers_is_cut_off_within_the_budget()
    {
        var clock = Stopwatch.StartNew();

        Assert.ThrowsAsync<StoreUnavailableException>(async () =>
            await runner.WriteAsync(0, (_, _) => new TaskCompletionSource<bool>().Task));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void After_repeated_failures_the_circuit_opens_and_fails_without_calling_redis()
    {
        for (var i = 0; i < 6; i++)
        {
            Assert.ThrowsAsync<StoreUnavailableException>(async () => await runner.WriteAsync<int, int>(0, (_, _) => throw Down()));
        }
        var called = false;

        Assert.ThrowsAsync<StoreUnavailableException>(async () => await runner.WriteAsync(0, (_, _) => { called = true; return Task.FromResult(1); }));
        Assert.That(called, Is.False);
    }

    [Test]
    public void A_bug_in_a_script_is_not_mistaken_for_an_outage()
    {
        var attempts = 0;

        Assert.ThrowsAsync<StoreFailedException>(async () =>
            await runner.ReadAsync<int, int>(0, (_, _) => { attempts++; throw new RedisServerException("ERR user_script:1: bad"); }));
        Assert.That(attempts, Is.EqualTo(1), "a script error is not retried like a lost connection");
    }

    [Test]
    public void What_Redis_says_about_keys_and_commands_never_travels_in_the_exception()
    {
        const string Key = "ivr:{a:5e3c0ffee}:passcodes";
        var failed = Assert.CatchAsync(async () =>
            await runner.WriteAsync<int, int>(0, (_, _) => throw new RedisServerException($"WRONGTYPE Operation against a key holding the wrong kind of value, command: HGET {Key}")));
        var down = Assert.CatchAsync(async () =>
            await runner.WriteAsync<int, int>(0, (_, _) => throw new RedisTimeoutException($"Timeout performing EVALSHA ({Key})", CommandStatus.Sent)));

        Assert.Multiple(() =>
        {
            Assert.That(failed, Is.TypeOf<StoreFailedException>());
            Assert.That(failed!.ToString(), Does.Not.Contain(Key).And.Contain(nameof(RedisServerException)));
            Assert.That(failed.InnerException, Is.Null);
            Assert.That(down, Is.TypeOf<StoreUnavailableException>());
            Assert.That(down!.ToString(), Does.Not.Contain(Key).And.Not.Contain("EVALSHA"));
            Assert.That(down.InnerException, Is.Null);
        });
    }

    [TestCase("OOM command not allowed when used memory > 'maxmemory'.")]
    [TestCase("READONLY You can't write against a read only replica.")]
    [TestCase("LOADING Redis is loading the dataset in memory")]
    [TestCase("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSCRIPT.")]
    [TestCase("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")]
    [TestCase("CLUSTERDOWN The cluster is down")]
    [TestCase("TRYAGAIN Multiple keys request during rehashing of slot")]
    [TestCase("OOM command not allowed when used memory > 'maxmemory'. script: 3f2a, on @user_script:12.")]
    public void A_redis_that_cannot_serve_now_is_an_outage(string reply)
    {
        var attempts = 0;

        Assert.ThrowsAsync<StoreUnavailableException>(async () =>
            await runner.ReadAsync<int, int>(0, (_, _) => { attempts++; throw new RedisServerException(reply); }));
        Assert.That(attempts, Is.GreaterThan(1), "reads are retried as for a lost connection");
    }

    [TestCase("ERR Error running script (call to f_3f2a): @user_script:1: bad")]
    [TestCase("WRONGTYPE Operation against a key holding the wrong kind of value")]
    [TestCase("BUSYKEY Target key name already exists.")]
    [TestCase("NOSCRIPT No matching script. Please use EVAL.")]
    [TestCase("ERR OOM is a word in this message but not its code")]
    public void Other_error_replies_are_not_an_outage(string reply) =>
        Assert.That(RedisErrors.IsOutage(new RedisServerException(reply)), Is.False);

    [TestCase("OOM command not allowed")]
    [TestCase("BUSY Redis is busy running a script.")]
    [TestCase("READONLY You can't write against a read only replica.")]
    public void A_sustained_run_of_error_replies_opens_the_circuit(string reply)
    {
        for (var i = 0; i < 6; i++)
        {
            Assert.ThrowsAsync<StoreUnavailableException>(async () => await runner.WriteAsync<int, int>(0, (_, _) => throw new RedisServerException(reply)));
        }
        var called = false;

        Assert.ThrowsAsync<StoreUnavailableException>(async () => await runner.WriteAsync(0, (_, _) => { called = true; return Task.FromResult(1); }));
        Assert.That(called, Is.False);
    }

    [Test]
    public void Script_errors_never_open_the_circuit()
    {
        for (var i = 0; i < 6; i++)
        {
            Assert.ThrowsAsync<StoreFailedException>(async () => await runner.WriteAsync<int, int>(0, (_, _) => throw new RedisServerException("ERR user_script:1: bad")));
        }

        Assert.That(async () => await runner.WriteAsync(0, (_, _) => Task.FromResult(1)), Is.EqualTo(1));
    }
}
