using System.IO.Hashing;
using System.Text;
using IvrGateway.Infrastructure;
using StackExchange.Redis;

namespace IvrGateway.Voice.State;

/// <summary>
/// A caller's shard: one of 16 Redis Cluster slots, chosen by the caller's number. The number's
/// lockout and budgets, the state of its calls and the call-log stream they end in share the
/// slot, so one Lua script checks and updates all of them atomically. Sixteen shards spread
/// the load over a cluster while keeping the call-log streams few enough to merge when queried.
/// </summary>
public sealed class CallShard(RedisKeyspace keys, int shard)
{
    public const int Count = 16;

    public int Number { get; } = shard;

    public static CallShard For(RedisKeyspace keys, string caller) =>
        new(keys, (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(caller)) % Count));

    private string Tag => "s:" + Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public RedisKey Call(string callSid) => keys.Key(Tag, "call:" + callSid);

    public RedisKey Failures(string caller) => keys.Key(Tag, "fail:" + caller);

    public RedisKey Lookups(string caller) => keys.Key(Tag, "look:" + caller);

    public RedisKey Lock(string caller) => keys.Key(Tag, "lock:" + caller);

    public RedisKey Active => keys.Key(Tag, "active");

    public RedisKey CallLog => keys.Key(Tag, "calls");

    /// <summary>Where an ended call's record is in <see cref="CallLog"/>: call SID to stream entry id.</summary>
    public RedisKey CallIndex(string callSid) => keys.Key(Tag, "ci:" + callSid);

    public static IEnumerable<CallShard> All(RedisKeyspace keys) => Enumerable.Range(0, Count).Select(n => new CallShard(keys, n));
}
