using System.IO.Hashing;
using System.Text;

namespace IvrGateway.Voice.State;

/// <summary>
/// The caller shards: <see cref="Count"/> Redis Cluster hash tags (<c>{s:0}</c> ... ), one chosen per caller by its
/// number (<c>Redis:CallerShards</c>, 16 by default). The number's lockout and budgets, the state of its calls and the
/// call-log stream they end in share the shard's slot, so one Lua script checks and updates all of them atomically;
/// more shards spread the load over more of a cluster's slots (and primaries), fewer keep the call log's streams few.
/// The keys are <see cref="CallerShardStore"/>'s.
/// </summary>
public sealed class CallShards
{
    public const int DefaultCount = 16;

    /// <summary>The most <c>Redis:CallerShards</c> accepts: the call log reads every shard's stream per page.</summary>
    public const int MaxCount = 1024;

    public CallShards(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        Count = count;
    }

    /// <summary>The default 16 shards, for code that runs without the application's configuration (tests of pure logic).</summary>
    public static CallShards Default { get; } = new(DefaultCount);

    public int Count { get; }

    public int For(string caller) => (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(caller)) % (uint)Count);

    public bool Contains(int shard) => shard >= 0 && shard < Count;

    public IEnumerable<int> All => Enumerable.Range(0, Count);
}
