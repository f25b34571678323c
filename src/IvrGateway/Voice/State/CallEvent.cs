using System.Text.Json.Serialization;

namespace IvrGateway.Voice.State;

/// <summary>
/// One step of a call as the call log keeps it. It never holds what the caller typed: outcomes
/// say what happened (<c>unknown-code</c>, <c>wrong-passcode</c>), not with which digits.
/// </summary>
public sealed record CallEvent(
    DateTimeOffset At,
    string Step,
    string Outcome,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MeetingId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Label = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Conference = null);
