using System.Globalization;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace IvrGateway.Voice.State;

public enum AdmissionKind
{
    Passcode,
    Host,
    Guest,
}

public enum AdmissionResult
{
    Admitted,
    Wrong,
    WrongAndLocked,
    Locked,
    Gone,
    Full,
}

/// <summary>A caller let into a conference, under a label unique in it.</summary>
public sealed record Admission(
    AdmissionResult Result,
    string Label = "",
    int Copy = 0,
    string Role = "",
    string? MeetingId = null,
    string? ContactId = null,
    bool WaitForHost = true,
    string Conference = "",
    string PasscodeKind = "")
{
    public bool IsHost => Role == "host";
}

/// <summary>Admission, name slots and attendance in the access code's slot.</summary>
public sealed class AdmissionStore(RedisRunner redis, AccessSlot access, IOptions<BruteForceOptions> bruteForce, IOptions<VoiceOptions> voice)
{
    private static readonly string AdmitScript = EmbeddedLua.Read("admit");
    private static readonly string ConferenceScript = EmbeddedLua.Read("conference_event");

    public async Task<Admission> AdmitAsync(string tag, AdmissionKind kind, string callSid, string caller, string? token,
        string secretHash, string guestLabel, DateTimeOffset now, CancellationToken ct = default)
    {
        var o = bruteForce.Value;
        var keys = new[]
        {
            access.Code(tag), access.Room(tag), access.Passcodes(tag), access.Labels(tag),
            access.PasscodeFailures(tag), access.PasscodeLock(tag), access.Roster(tag),
        };
        var args = new RedisValue[]
        {
            kind switch { AdmissionKind.Host => "host", AdmissionKind.Guest => "guest", _ => "passcode" },
            now.ToUnixTimeMilliseconds(), callSid, caller, token ?? "", secretHash, guestLabel,
            o.MeetingFailures,
            (long)TimeSpan.FromMinutes(o.MeetingWindowMinutes).TotalMilliseconds,
            (long)TimeSpan.FromMinutes(o.MeetingLockMinutes).TotalMilliseconds,
            voice.Value.UnjoinedLabelSeconds * 1000L,
            now.ToString("O", CultureInfo.InvariantCulture),
            (now + TimeSpan.FromDays(90)).ToUnixTimeMilliseconds(),
        };
        var result = (RedisResult[])(await redis.WriteAsync((keys, args),
            static (db, s) => db.ScriptEvaluateAsync(AdmitScript, s.keys, s.args), ct))!;
        return result[0].ToString() switch
        {
            "ok" => new Admission(AdmissionResult.Admitted, result[1].ToString(), (int)result[2], result[3].ToString(),
                NullIfEmpty(result[4].ToString()), NullIfEmpty(result[5].ToString()), result[6].ToString() == "1", result[7].ToString(), result[8].ToString()),
            "wrong" => new Admission(AdmissionResult.Wrong),
            "wrong-locked" => new Admission(AdmissionResult.WrongAndLocked, MeetingId: NullIfEmpty(result[1].ToString())),
            "locked" => new Admission(AdmissionResult.Locked),
            "full" => new Admission(AdmissionResult.Full),
            _ => new Admission(AdmissionResult.Gone),
        };
    }

    /// <summary>Twilio's conference callbacks: join, leave, end. Other events change nothing.</summary>
    public async Task<bool> ConferenceEventAsync(string tag, string statusCallbackEvent, string callSid, DateTimeOffset now, CancellationToken ct = default)
    {
        var keys = new[] { access.Labels(tag), access.Roster(tag) };
        var args = new RedisValue[] { statusCallbackEvent, callSid, now.ToString("O", CultureInfo.InvariantCulture), now.ToUnixTimeMilliseconds() };
        var result = await redis.WriteAsync((keys, args), static (db, s) => db.ScriptEvaluateAsync(ConferenceScript, s.keys, s.args), ct);
        return (int)result == 1;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
