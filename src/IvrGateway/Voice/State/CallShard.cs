using System.IO.Hashing;
using System.Text;

namespace IvrGateway.Voice.State;

/// <summary>
/// A caller's shard: one of 16 Redis Cluster slots, chosen by the caller's number. The number's
/// lockout and budgets, the state of its calls and the call-log stream they end in share the
/// slot, so one Lua script checks and updates all of them atomically. Sixteen shards spread
/// the load over a cluster while keeping the call-log streams few enough to merge when queried.
/// The keys are <see cref="CallerShardStore"/>'s.
/// </summary>
public static class CallShard
{
    public const int Count = 16;

    public static int For(string caller) => (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(caller)) % Count);
}
