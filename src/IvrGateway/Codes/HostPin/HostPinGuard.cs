namespace IvrGateway.Codes;

/// <summary>How an organizer's host PIN is protected against guessing: failures in a window before PIN entry locks, and for how long.</summary>
public sealed record HostPinGuard(int FailureLimit, TimeSpan FailureWindow, TimeSpan Lock);
