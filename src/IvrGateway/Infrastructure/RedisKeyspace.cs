using StackExchange.Redis;

namespace IvrGateway.Infrastructure;

/// <summary>
/// Builds keys as <c>prefix:{tag}:name</c>. The braces are a Redis Cluster hash tag: every key
/// with the same tag lives in the same slot, so one Lua script may touch them all atomically.
/// </summary>
public sealed class RedisKeyspace(string prefix)
{
    public string Prefix { get; } = prefix;

    public RedisKey Key(string tag, string name) => $"{Prefix}:{{{tag}}}:{name}";

    public RedisKey Key(string tag) => $"{Prefix}:{{{tag}}}";
}
