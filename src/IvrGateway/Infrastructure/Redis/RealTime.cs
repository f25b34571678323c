namespace IvrGateway.Infrastructure.Redis;

/// <summary>
/// The real clock, injected where time measures or waits on the outside world instead of deciding
/// anything: Redis timeouts and retries, latency metrics, polling Redis while it is away. Those run
/// on real time even when the application's <see cref="TimeProvider"/> is a test's fake one (a fake
/// clock that never advances would make a timeout never fire and a latency always zero).
/// </summary>
public sealed class RealTime : TimeProvider;
