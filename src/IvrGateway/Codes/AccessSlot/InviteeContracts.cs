using System.Text.Json;
using System.Text.Json.Serialization;

namespace IvrGateway.Codes;

// The typed contract of meeting_invitees.lua (see AccessSlotContracts.cs for the others).

internal sealed record ChangeInviteesArgs(
    string MeetingId,
    long ExpectedVersion,
    string Json,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Dictionary<string, string>? Add,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<string>? Remove,
    bool InRoom,
    long PruneBeforeMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? PasscodesExpireAtMs,
    WriteOutcomes Outcomes);

// Nulls are left out: Lua would see cjson.null, which is truthy. An empty list would reach Lua as an
// empty table either way, so the store sends null for "nothing to remove".
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChangeInviteesArgs))]
[JsonSerializable(typeof(WriteResult))]
internal sealed partial class InviteeJson : JsonSerializerContext;
