namespace IvrGateway.Infrastructure;

/// <summary>Where Redis is and how long the gateway waits for it.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>Bound from <c>ConnectionStrings:Redis</c>, the public contract, not from this section.</summary>
    public string ConnectionString { get; set; } = "localhost:6379";

    /// <summary>Every key starts with this, so several gateways (or test runs) can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "ivr";

    /// <summary>One attempt at one command; kept short so a retry still fits Twilio's budget.</summary>
    public int AttemptTimeoutMilliseconds { get; set; } = 400;

    /// <summary>The whole budget for a Redis operation including retries (Twilio waits 15 s; callers should not).</summary>
    public int TotalTimeoutMilliseconds { get; set; } = 2000;

    /// <summary>Reads are retried this many times; writes never are, because a timed-out write may have happened.</summary>
    public int ReadRetries { get; set; } = 2;

    /// <summary>
    /// How many caller shards (Redis Cluster hash tags <c>{s:n}</c>) callers are spread over: more spread the load over
    /// more of a cluster's slots. Set it before the first call: a changed count moves callers' budgets to other shards.
    /// </summary>
    public int CallerShards { get; set; } = 16;

    /// <summary>Seconds the circuit stays open after Redis has failed repeatedly.</summary>
    public int BreakSeconds { get; set; } = 2;
}
