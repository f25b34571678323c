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
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
