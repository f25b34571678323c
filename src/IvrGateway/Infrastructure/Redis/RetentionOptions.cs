namespace IvrGateway.Infrastructure.Redis;

/// <summary>
/// How long the streams kept in Redis (the call log, security events) hold an entry. Bound from
/// <c>CallLog:RetentionDays</c>, which the call log's options validate at start; the stores that
/// append to those streams read it here so they need not know the call-log feature.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "CallLog";

    public int RetentionDays { get; set; } = 30;

    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);
}
