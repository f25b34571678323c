using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using StackExchange.Redis;

namespace IvrGateway.Infrastructure.Redis;

/// <summary>
/// A Lua script with a typed contract: it takes one JSON argument (<c>cjson.decode(ARGV[1])</c>,
/// named fields) and returns one JSON object (<c>cjson.encode({...})</c>). Arguments and results
/// are (de)serialised with source-generated metadata: the webhook path runs a script per request.
/// </summary>
public sealed class LuaScript<TArgs, TResult>(string name, JsonTypeInfo<TArgs> args, JsonTypeInfo<TResult> result, params string[] libraries)
{
    private readonly string text = EmbeddedLua.Read(name, libraries);

    public string Name { get; } = name;

    /// <summary>A script that only reads: retried inside the budget like any read.</summary>
    public ValueTask<TResult> ReadAsync(RedisRunner redis, RedisKey[] keys, TArgs arguments, CancellationToken ct = default) =>
        RunAsync(redis, keys, arguments, write: false, ct);

    /// <summary>A script that writes or counts: attempted once.</summary>
    public ValueTask<TResult> WriteAsync(RedisRunner redis, RedisKey[] keys, TArgs arguments, CancellationToken ct = default) =>
        RunAsync(redis, keys, arguments, write: true, ct);

    private async ValueTask<TResult> RunAsync(RedisRunner redis, RedisKey[] keys, TArgs arguments, bool write, CancellationToken ct)
    {
        var state = (Script: text, Keys: keys, Args: new RedisValue[] { JsonSerializer.SerializeToUtf8Bytes(arguments, args) });
        var reply = write
            ? await redis.WriteAsync(state, static (db, s) => db.ScriptEvaluateAsync(s.Script, s.Keys, s.Args), ct)
            : await redis.ReadAsync(state, static (db, s) => db.ScriptEvaluateAsync(s.Script, s.Keys, s.Args), ct);
        var bytes = (byte[]?)reply ?? throw new InvalidOperationException($"Lua script {Name} returned no JSON.");
        return JsonSerializer.Deserialize(bytes, result) ?? throw new InvalidOperationException($"Lua script {Name} returned null.");
    }
}
