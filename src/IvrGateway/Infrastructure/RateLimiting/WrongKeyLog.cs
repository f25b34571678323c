namespace IvrGateway.Infrastructure.RateLimiting;

/// <summary>
/// Wrong keys are worth a warning, but one line per wrong key lets anybody flood the logs: at most
/// <see cref="RateLimitOptions.WrongKeyLogLines"/> lines per window (on the injected clock); the
/// lines left out are counted and the count goes into the next line written.
/// </summary>
public sealed partial class WrongKeyLog(Microsoft.Extensions.Options.IOptions<RateLimitOptions> options, TimeProvider time, ILogger<WrongKeyLog> logger)
{
    private readonly Lock gate = new();
    private DateTimeOffset windowStart = DateTimeOffset.MinValue;
    private int written;
    private int suppressed;

    /// <summary>Logs that <paramref name="what"/> (e.g. "API key", "ops sign-in") was refused from <paramref name="address"/>, unless over the limit.</summary>
    public void Refused(string what, string address)
    {
        var limit = options.Value.WrongKeyLogLines;
        int left;
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (now - windowStart >= limit.Window)
            {
                windowStart = now;
                written = 0;
            }
            if (written >= limit.PermitLimit)
            {
                suppressed++;
                return;
            }
            written++;
            left = suppressed;
            suppressed = 0;
        }
        Log.WrongKey(logger, what, address, left);
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Warning, "Refused a wrong {What} from {RemoteAddress} ({Suppressed} similar lines left out since the last one)")]
        public static partial void WrongKey(ILogger logger, string what, string remoteAddress, int suppressed);
    }
}
