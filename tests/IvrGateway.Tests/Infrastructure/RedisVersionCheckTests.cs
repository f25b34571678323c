using System.Net;
using IvrGateway.Infrastructure;
using IvrGateway.Voice.State;

namespace IvrGateway.Tests.Infrastructure;

public sealed class RedisVersionCheckTests
{
    [Test]
    public void A_Redis_older_than_7_is_refused_with_a_message_naming_the_server_and_the_requirement()
    {
        var problem = RedisVersionCheck.Problem([(new DnsEndPoint("redis-a", 6379), new Version(7, 2, 4)), (new DnsEndPoint("redis-b", 6380), new Version(6, 2, 14))]);

        Assert.That(problem, Does.StartWith("Redis 6.2.14 at redis-b:6380 is too old: IvrGateway needs Redis 7.0 or later"));
    }

    [TestCase("7.0.0")]
    [TestCase("7.4.2")]
    [TestCase("8.0.1")]
    public void Redis_7_or_later_passes(string version) =>
        Assert.That(RedisVersionCheck.Problem([(new DnsEndPoint("redis", 6379), Version.Parse(version))]), Is.Null);
}

public sealed class CallShardsTests
{
    [Test]
    public void Every_number_lands_in_one_of_the_configured_shards_and_always_the_same_one()
    {
        var shards = new CallShards(5);
        var numbers = Enumerable.Range(0, 1000).Select(i => "+1202555" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(numbers.Select(shards.For), Is.All.InRange(0, 4));
            Assert.That(numbers.Select(shards.For).Distinct().Count(), Is.EqualTo(5), "1,000 numbers use every shard");
            Assert.That(numbers.Select(new CallShards(5).For), Is.EqualTo(numbers.Select(shards.For).ToList()), "the same shard from another instance");
        });
    }

    [TestCase(0)]
    [TestCase(1025)]
    public void A_count_outside_1_to_1024_is_refused(int count) =>
        Assert.That(() => new CallShards(count), Throws.InstanceOf<ArgumentOutOfRangeException>());
}
