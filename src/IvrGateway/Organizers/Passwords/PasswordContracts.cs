using System.Text.Json;
using System.Text.Json.Serialization;

namespace IvrGateway.Organizers.Passwords;

/// <summary>
/// The password link in force, as stored in the organizer's slot: the token's digest (what the link is checked against),
/// the token itself encrypted (so the outbox can print the link at send time without keeping it), and when it ends.
/// </summary>
internal sealed record StoredPasswordLink(string Digest, string TokenProtected, long ExpiresAt);

// The typed contracts of sign_in_failure.lua and use_password_link.lua.

internal sealed record SignInFailureArgs(long Now, string Member, int FailureLimit, long WindowMs, long LockMs);

internal sealed record SignInFailureResult(long LockedUntil, bool LockedNow);

internal sealed record UsePasswordLinkArgs(string Digest, long Now);

internal sealed record UsePasswordLinkResult(bool Used);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StoredPasswordLink))]
[JsonSerializable(typeof(SignInFailureArgs))]
[JsonSerializable(typeof(SignInFailureResult))]
[JsonSerializable(typeof(UsePasswordLinkArgs))]
[JsonSerializable(typeof(UsePasswordLinkResult))]
internal sealed partial class PasswordJson : JsonSerializerContext;
