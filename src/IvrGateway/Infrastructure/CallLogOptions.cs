using Microsoft.Extensions.Options;

namespace IvrGateway.Infrastructure;

/// <summary>
/// The <c>CallLog</c> section: how long call records and security events are kept. It lives down here
/// because the writers (Voice's caller shards, the security event log) sit below the CallLog feature that reads them.
/// </summary>
public sealed class CallLogOptions
{
    public const string SectionName = "CallLog";

    /// <summary>Records older than this are trimmed on every append, so the log never grows without bound.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>The most records one export may hold.</summary>
    public int MaxExportRecords { get; set; } = 100_000;

    /// <summary>
    /// A call still in the flow with no step for this long is closed by the sweeper as <c>lost</c> (its status
    /// callback never came). A Gather waits seconds, so an hour is far past any live caller.
    /// </summary>
    public int SweepIdleMinutes { get; set; } = 60;

    /// <summary>A bridged call (in its conference, where the gateway sees no steps) is closed as <c>lost</c> after this long.</summary>
    public int SweepBridgedHours { get; set; } = 12;

    /// <summary>How often each node sweeps (seconds, real time).</summary>
    public int SweepIntervalSeconds { get; set; } = 60;
}

public sealed class CallLogOptionsValidator : IValidateOptions<CallLogOptions>
{
    public ValidateOptionsResult Validate(string? name, CallLogOptions o)
    {
        var failures = new List<string>();
        if (o.RetentionDays is < 1 or > 3650)
        {
            failures.Add("CallLog:RetentionDays must be between 1 and 3650.");
        }
        if (o.MaxExportRecords is < 1 or > 10_000_000)
        {
            failures.Add("CallLog:MaxExportRecords must be between 1 and 10000000.");
        }
        if (o.SweepIdleMinutes is < 5 or > 1440)
        {
            failures.Add("CallLog:SweepIdleMinutes must be between 5 and 1440.");
        }
        // Below the call state's lifetime (Voice:CallStateHours, 26 by default), so a swept call still has its steps.
        if (o.SweepBridgedHours is < 1 or > 24)
        {
            failures.Add("CallLog:SweepBridgedHours must be between 1 and 24.");
        }
        if (o.SweepIntervalSeconds is < 1 or > 3600)
        {
            failures.Add("CallLog:SweepIntervalSeconds must be between 1 and 3600.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
