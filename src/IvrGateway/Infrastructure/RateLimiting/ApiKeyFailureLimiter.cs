using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace IvrGateway.Infrastructure.RateLimiting;

/// <summary>
/// Failed API-key authentications per client address, from the same rate-limiting library as the
/// middleware, but counting failures only: a client that sends its right key is never slowed. Once an
/// address has used up its failures it is answered 429 before any key it sends is even compared, so
/// the answer says nothing about whether a key was right.
/// </summary>
internal sealed class ApiKeyFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    public ApiKeyFailureLimiter(IOptions<RateLimitOptions> options)
    {
        var limit = options.Value.ApiKeyFailuresPerAddress;
        limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
        }));
    }

    /// <summary>Null while the address may still try; otherwise how long until it may.</summary>
    public TimeSpan? Blocked(string address)
    {
        // Asking for zero permits tells whether any are left without using one.
        using var lease = limiter.AttemptAcquire(address, 0);
        return lease.IsAcquired ? null : RetryAfter(lease);
    }

    /// <summary>Counts a failure; null while the address is within its budget, otherwise how long until it may try again.</summary>
    public TimeSpan? Failed(string address)
    {
        using var lease = limiter.AttemptAcquire(address);
        return lease.IsAcquired ? null : RetryAfter(lease);
    }

    internal static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1);

    public void Dispose() => limiter.Dispose();
}
