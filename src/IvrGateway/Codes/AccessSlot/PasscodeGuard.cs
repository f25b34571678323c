namespace IvrGateway.Codes;

/// <summary>How a meeting is protected against passcode guessing, and how long an unjoined caller's label is held.</summary>
public sealed record PasscodeGuard(int FailureLimit, TimeSpan FailureWindow, TimeSpan Lock, TimeSpan UnjoinedLabelHold);
