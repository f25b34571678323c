using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace IvrGateway.Voice.CallMe;

/// <summary>
/// The one owner of Call me tickets (<c>{cm:&lt;hash&gt;}</c>): what an outbound call placed for an organizer may do
/// (start this meeting as its host). The reference that names a ticket rides in the call's webhook URL, which Twilio
/// signs; it is random, one call only, expires, and carries no secret of the meeting (never the host PIN).
/// </summary>
public sealed class CallMeTickets(RedisRunner redis, RedisKeyspace keys)
{
    /// <summary>Long enough for the phone to ring out and the organizer to answer and press 1.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private static readonly LuaScript<ClaimArgs, ClaimResult> ClaimScript =
        new("callme_claim", CallMeJson.Default.ClaimArgs, CallMeJson.Default.ClaimResult);

    // Only the hash of the reference is a key, so the keyspace never holds what the URL carries.
    private RedisKey Ticket(string reference) =>
        keys.Key("cm:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(reference)))[..32]);

    /// <summary>How many calls one organizer may have placed in <see cref="Window"/>: Call me rings any number typed, so a stolen
    /// session must not be able to run up toll charges.</summary>
    public const int CallsPerWindow = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private RedisKey PlacedBy(string organizerId) => keys.Key("cm:o:" + organizerId, "placed");

    /// <summary>Counts one more call for the organizer; false (and not counted as placed) once the window's allowance is used.</summary>
    public async Task<bool> TryCountAsync(string organizerId, CancellationToken ct = default)
    {
        var count = await redis.WriteAsync((Key: PlacedBy(organizerId), Window), static async (db, s) =>
        {
            var batch = db.CreateBatch();
            var incremented = batch.StringIncrementAsync(s.Key);
            // Only the first call of a window sets the expiry, so the window is fixed, not pushed on by every try.
            var expiry = batch.KeyExpireAsync(s.Key, s.Window, ExpireWhen.HasNoExpiry);
            batch.Execute();
            await expiry;
            return await incremented;
        }, ct);
        return count <= CallsPerWindow;
    }

    /// <summary>Stores a ticket and returns its reference for the call's URL.</summary>
    public async Task<string> IssueAsync(CallMeTicket ticket, CancellationToken ct = default)
    {
        var reference = Ids.Token(24);
        var json = JsonSerializer.Serialize(ticket with { CallSid = null }, CallMeJson.Default.CallMeTicket);
        await redis.WriteAsync((Key: Ticket(reference), Json: json), static (db, s) => db.StringSetAsync(s.Key, s.Json, Lifetime), ct);
        return reference;
    }

    /// <summary>The ticket, bound to <paramref name="callSid"/> by its first use; null if unknown, expired or another call's.</summary>
    public async Task<CallMeTicket?> ClaimAsync(string? reference, string callSid, CancellationToken ct = default)
    {
        if (!IsReference(reference))
        {
            return null;
        }
        var result = await ClaimScript.WriteAsync(redis, [Ticket(reference!)], new ClaimArgs(callSid), ct);
        return result.Found ? result.Ticket : null;
    }

    /// <summary>Ids.Token(24): 32 URL-safe characters.</summary>
    internal static bool IsReference(string? value) =>
        value is { Length: 32 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>What a Call me call may do: start <see cref="MeetingId"/> (in the code's slot) as <see cref="OrganizerId"/>'s host.</summary>
public sealed record CallMeTicket(string SlotId, string OrganizerId, string MeetingId, string Title, string? CallSid = null);

internal sealed record ClaimArgs(string CallSid);

internal sealed record ClaimResult(bool Found, CallMeTicket? Ticket);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CallMeTicket))]
[JsonSerializable(typeof(ClaimArgs))]
[JsonSerializable(typeof(ClaimResult))]
internal sealed partial class CallMeJson : JsonSerializerContext;
