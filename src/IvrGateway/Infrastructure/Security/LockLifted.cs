namespace IvrGateway.Infrastructure.Security;

/// <summary>The answer to lifting a lock: whether one was in force. The lift is a security event either way.</summary>
public sealed record LockLifted(bool WasLocked);
