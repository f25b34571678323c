using IvrGateway.Infrastructure.Redaction;

namespace IvrGateway.Voice;

/// <summary>Log lines that carry a caller's number: classified, so redaction masks it before any provider sees it.</summary>
internal static partial class VoiceLog
{
    [LoggerMessage(LogLevel.Information, "Call {CallSid}: caller {Caller} is locked out")]
    public static partial void CallerLockedOut(ILogger logger, string? callSid, [CallerNumber] string caller);
}
