using System.Text.Json;
using System.Text.Json.Serialization;

namespace IvrGateway.Mail.Outbox;

// The typed contracts of the outbox's Lua scripts: one JSON argument, one JSON answer.

internal sealed record OutboxStateWords(string Pending, string Leased, string Sent, string Dead, string Dropped);

internal sealed record EnqueueArgs(OutboxRecord Record);

internal sealed record EnqueueReply(string Id, bool Created);

internal sealed record ClaimArgs(long Now, long LeaseUntil, string Token, int MaxAttempts, string LeaseExpiredError, OutboxStateWords States);

internal sealed record ClaimReply(bool Found, bool Reclaimed = false, OutboxRecord? Record = null, bool Skipped = false, string? DeadLettered = null);

/// <param name="Untried">The claim found the message's subject not written yet: back to pending without counting a try.</param>
internal sealed record CompleteArgs(
    string Id, string Token, long Now, string Outcome, long? DueAt, string? Error, long TrimBefore, int TrimLimit, OutboxStateWords States,
    bool Untried = false);

internal sealed record CompleteReply(bool Applied, string? State = null);

internal sealed record RetryArgs(string Id, long Now, OutboxStateWords States);

internal sealed record RetryReply(bool Found, bool Retried = false, string? State = null);

// Nulls are left out: Lua would see cjson.null, which is truthy.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutboxRecord))]
[JsonSerializable(typeof(EnqueueArgs))]
[JsonSerializable(typeof(EnqueueReply))]
[JsonSerializable(typeof(ClaimArgs))]
[JsonSerializable(typeof(ClaimReply))]
[JsonSerializable(typeof(CompleteArgs))]
[JsonSerializable(typeof(CompleteReply))]
[JsonSerializable(typeof(RetryArgs))]
[JsonSerializable(typeof(RetryReply))]
internal sealed partial class OutboxJson : JsonSerializerContext;
