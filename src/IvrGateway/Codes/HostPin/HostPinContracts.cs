using System.Text.Json;
using System.Text.Json.Serialization;

namespace IvrGateway.Codes;

// The typed contract of verify_host_pin.lua.

internal sealed record HostPinVerdicts(HostPinVerdict Accepted, HostPinVerdict Wrong, HostPinVerdict WrongLocked, HostPinVerdict Locked, HostPinVerdict Refused);

internal sealed record VerifyHostPinArgs(long Now, string PinHash, string Member, int FailureLimit, long WindowMs, long LockMs, HostPinVerdicts Verdicts);

internal sealed record VerifyHostPinResult(HostPinVerdict Verdict);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VerifyHostPinArgs))]
[JsonSerializable(typeof(VerifyHostPinResult))]
internal sealed partial class HostPinJson : JsonSerializerContext;
