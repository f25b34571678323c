using Polly.CircuitBreaker;
using Polly.Timeout;
using StackExchange.Redis;

namespace IvrGateway.Infrastructure;

/// <summary>
/// Which Redis failures mean "the store cannot serve right now" (an outage: apology, 503, journal,
/// circuit) as opposed to a bug (a script error, a wrong type).
/// </summary>
internal static class RedisErrors
{
    /// <summary>
    /// Error codes a healthy deployment answers while it is full, failing over, loading or stuck in a
    /// script. Redis starts every error reply with its code; a script's <c>redis.call</c> error keeps it.
    /// </summary>
    private static readonly string[] OutageCodes = ["OOM", "READONLY", "LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN"];

    public static bool IsOutage(Exception e) => e switch
    {
        RedisConnectionException or RedisTimeoutException or TimeoutRejectedException or TimeoutException
            or BrokenCircuitException or ObjectDisposedException => true,
        RedisServerException server => IsOutageReply(server.Message),
        _ => false,
    };

    /// <summary>True when a Redis error reply starts with one of the outage codes (a whole word: <c>BUSYKEY</c> is not <c>BUSY</c>).</summary>
    public static bool IsOutageReply(string message)
    {
        foreach (var code in OutageCodes)
        {
            if (message.StartsWith(code, StringComparison.Ordinal) && (message.Length == code.Length || message[code.Length] == ' '))
            {
                return true;
            }
        }
        return false;
    }
}
