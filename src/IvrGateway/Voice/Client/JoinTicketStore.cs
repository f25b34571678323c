using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace IvrGateway.Voice.Client;

/// <summary>
/// One-use join tickets, <c>{t:&lt;hash&gt;}</c>: the join page issues one with each browser token and <c>POST /voice/client</c>
/// consumes it. The ticket (256 random bits) is known only to the browser; Redis holds its SHA-256, so a read of Redis
/// cannot join. The first call to present a ticket claims it (SET NX of its CallSid beside the ticket): of two calls with
/// one ticket exactly one gets it, and Twilio's retry of the same call's request gets it again, so a replay is answered the
/// same instead of with an apology. Only the browser the ticket was issued to can claim it (<c>Scripts/join_ticket_claim.lua</c>).
/// </summary>
public sealed class JoinTicketStore(RedisRunner redis, RedisKeyspace keys)
{
    /// <summary>A ticket's life: long enough for the browser to connect and Twilio to call back, short enough to be useless later.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private static readonly LuaScript<ClaimArgs, ClaimResult> ClaimScript =
        new("join_ticket_claim", TicketJson.Default.ClaimArgs, TicketJson.Default.ClaimResult);

    private RedisKey Key(string ticket) => keys.Key(Tag(ticket), "ticket");

    private RedisKey ClaimKey(string ticket) => keys.Key(Tag(ticket), "claim");

    private static string Tag(string ticket) => "t:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ticket)))[..40];

    /// <summary>Stores <paramref name="ticket"/> and answers the secret the browser presents once.</summary>
    public async Task<string> IssueAsync(JoinTicket ticket, DateTimeOffset now, CancellationToken ct = default)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var ttl = ticket.ExpiresAt - now;
        await redis.WriteAsync((Key: Key(secret), Value: JsonSerializer.Serialize(ticket, TicketJson.Default.JoinTicket),
                Ttl: ttl > TimeSpan.Zero ? ttl + TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(5)),
            static (db, s) => db.StringSetAsync(s.Key, s.Value, s.Ttl), ct);
        return secret;
    }

    /// <summary>
    /// The ticket, claimed by <paramref name="callSid"/> of the browser <paramref name="identity"/>; or why not, as the call log's
    /// outcome: unknown (none, forged, or gone from Redis), issued to another browser (left unclaimed for its own), used (claimed by
    /// another call), or expired (past its life on the gateway's clock; Redis expiry only collects it). One script, one round trip:
    /// the identity check and the claim are one atomic step, so a ticket presented by the wrong browser is never spent.
    /// </summary>
    public async Task<TicketClaim> ConsumeAsync(string? secret, string callSid, string identity, DateTimeOffset now, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length is < 40 or > 64 || identity.Length == 0)
        {
            return TicketClaim.Unknown;
        }
        var result = await ClaimScript.WriteAsync(redis, [Key(secret), ClaimKey(secret)],
            new ClaimArgs(callSid, identity, (long)(Lifetime + TimeSpan.FromSeconds(5)).TotalMilliseconds), ct);
        if (!result.Found)
        {
            return TicketClaim.Unknown;
        }
        if (result.OtherBrowser)
        {
            return new TicketClaim(null, Outcomes.TicketOtherBrowser);
        }
        if (result.Holder != callSid)
        {
            return new TicketClaim(null, Outcomes.TicketUsed);
        }
        var ticket = result.Ticket is null ? null : JsonSerializer.Deserialize(result.Ticket, TicketJson.Default.JoinTicket);
        return ticket is null ? TicketClaim.Unknown
            : ticket.ExpiresAt > now ? new TicketClaim(ticket, null)
            : new TicketClaim(null, Outcomes.TicketExpired);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A presented ticket: the <see cref="Ticket"/> this call claimed, or the <see cref="Refusal"/> (an outcome of <see cref="Outcomes"/>).</summary>
public sealed record TicketClaim(JoinTicket? Ticket, string? Refusal)
{
    public static readonly TicketClaim Unknown = new(null, Outcomes.TicketUnknown);
}

internal sealed record ClaimArgs(string CallSid, string Identity, long ClaimMs);

/// <summary>What the claim script found: no ticket, one issued to another browser, or the ticket's JSON and the CallSid holding it.</summary>
internal sealed record ClaimResult(bool Found, bool OtherBrowser, string? Ticket = null, string? Holder = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(JoinTicket))]
[JsonSerializable(typeof(ClaimArgs))]
[JsonSerializable(typeof(ClaimResult))]
internal sealed partial class TicketJson : JsonSerializerContext;
