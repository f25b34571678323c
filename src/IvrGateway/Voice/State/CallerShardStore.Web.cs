using System.Globalization;
using System.Text.Json;
using IvrGateway.Infrastructure.Redis;

namespace IvrGateway.Voice.State;

/// <summary>
/// Browsers' calls (join online) in the call log. A browser has no number: its call lives in the shard of its client identity
/// (<c>client:&lt;identity&gt;</c>, Twilio's <c>From</c>), which is the first shard <see cref="CallerIdentity.CandidateShards"/>
/// probes, so a status callback finds it like a phone call's; it is closed by the same script, into the same stream and indexes.
/// </summary>
public sealed partial class CallerShardStore
{
    /// <summary>How a browser's call is marked in its record (and in the meeting's roster).</summary>
    public const string WebChannel = "web";

    /// <summary>Twilio's <c>From</c> of a browser's call: <c>client:&lt;identity&gt;</c>.</summary>
    private const string WebClientPrefix = "client:";

    private static readonly LuaScript<WebJoinArgs, WebJoinResult> WebJoinScript =
        new("web_join", CallerShardJson.Default.WebJoinArgs, CallerShardJson.Default.WebJoinResult);

    /// <summary>
    /// Opens a browser call's record with its one step: a bridged call stays in progress until it leaves the conference (or
    /// its status callback comes); a refused one is closed now, as the gateway ended it. Twilio's retry of the same request adds
    /// nothing. One round trip for a bridged call; a refusal takes a second, the close.
    /// </summary>
    public async Task<bool> RecordWebJoinAsync(WebJoin join, DateTimeOffset now, CancellationToken ct = default)
    {
        var shard = shards.For(join.From);
        var facts = (Store(join.Facts) ?? new StoredFacts()) with
        {
            CallSid = join.CallSid,
            From = join.From,
            To = join.To ?? "",
            Locale = join.Locale,
            Started = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            Channel = WebChannel,
        };
        var steps = JsonSerializer.Serialize([join.Step], CallerShardJson.Default.CallEventArray);
        var result = await WebJoinScript.WriteAsync(redis, [Call(shard, join.CallSid), Active(shard), CallIndex(shard, join.CallSid)],
            new WebJoinArgs(join.CallSid, now.ToUnixTimeMilliseconds(), (long)TimeSpan.FromHours(voice.Value.CallStateHours).TotalMilliseconds,
                join.Bridged ? BridgedStep : EndedStep, join.Step.Outcome, steps, facts), ct);
        if (result.Recorded)
        {
            metrics.Step(join.Step.Step, join.Step.Outcome);
        }
        // A refusal's record is closed even on a retry (the close adds nothing once done), so a close that failed the first time
        // is not left to the sweeper; only a call whose state says it was refused is closed.
        if (!join.Bridged && (result.Recorded || result.Step == EndedStep))
        {
            await CloseAsync(shard, join.CallSid, join.From, join.To ?? "", CompletedStatus, durationSeconds: -1, now, sweep: null, ct);
        }
        return result.Recorded;
    }

    /// <summary>
    /// Closes a browser's call when it left its conference: a TwiML App's call has no status callback unless one is configured,
    /// and a browser that leaves the conference has ended its call. The duration counts from <c>/voice/client</c>. A status
    /// callback before or after adds nothing.
    /// </summary>
    /// <param name="from">The roster's caller for the call: <c>client:&lt;identity&gt;</c>, which names the shard.</param>
    public Task<bool> WebCallLeftAsync(string callSid, string from, DateTimeOffset now, CancellationToken ct = default) =>
        CloseAsync(shards.For(from), callSid, from, "", CompletedStatus, durationSeconds: -1, now, sweep: null, ct);
}
