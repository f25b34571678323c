using System.Text.Json;
using System.Text.Json.Serialization;

namespace IvrGateway.Organizers.Passwords;

/// <summary>
/// The password link in force, as stored in the organizer's slot: the token's digest (what the link is checked against),
/// the token itself encrypted (so the outbox can print the link at send time without keeping it), and when it ends.
/// </summary>
internal sealed record StoredPasswordLink(string Digest, string TokenProtected, long ExpiresAt);

/// <summary>
/// A password check taken before the password is looked at: <see cref="Admitted"/> false means the lock holds (no check);
/// <see cref="LockedUntil"/> is the lock's end, set by this check when it reached the limit (the check is still made).
/// </summary>
internal sealed record SignInAttempt(bool Admitted, DateTimeOffset? LockedUntil);

// The typed contracts of sign_in_attempt.lua and use_password_link.lua.

internal sealed record SignInAttemptArgs(long Now, string Member, int AttemptLimit, long WindowMs, long LockMs);

internal sealed record SignInAttemptResult(bool Admitted, long LockedUntil);

internal sealed record UsePasswordLinkArgs(string Digest, long Now);

internal sealed record UsePasswordLinkResult(bool Used);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StoredPasswordLink))]
[JsonSerializable(typeof(SignInAttemptArgs))]
[JsonSerializable(typeof(SignInAttemptResult))]
[JsonSerializable(typeof(UsePasswordLinkArgs))]
[JsonSerializable(typeof(UsePasswordLinkResult))]
internal sealed partial class PasswordJson : JsonSerializerContext;
