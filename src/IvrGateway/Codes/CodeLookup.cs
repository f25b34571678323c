using System.Globalization;
using IvrGateway.Infrastructure;
using StackExchange.Redis;

namespace IvrGateway.Codes;

public enum CodeState
{
    Unknown,
    NotYetActive,
    Active,
    Cancelled,
    Expired,
}

/// <summary>What a well-formed access code means at one instant, as the call flow needs it.</summary>
public sealed record CodeMatch(
    CodeState State,
    AccessCodeKind Kind,
    string Tag,
    string OrganizerId,
    string? MeetingId,
    DateTimeOffset? Start,
    DateTimeOffset? ActiveFrom,
    DateTimeOffset? ActiveUntil,
    string TimeZone,
    PasscodeMode PasscodeMode,
    string? SharedPasscodeHash,
    string HostPinHash,
    bool WaitForHost)
{
    public static CodeMatch Unknown(string tag) =>
        new(CodeState.Unknown, AccessCodeKind.OneTime, tag, "", null, null, null, null, "UTC", PasscodeMode.None, null, "", true);
}

/// <summary>
/// Classifies an access code against the activation window. The gateway's clock decides, not
/// Redis's, so tests can move time; Redis expiry only collects what is long over.
/// </summary>
public sealed class CodeLookup(RedisRunner redis, AccessSlot access, SecretHasher hasher)
{
    private static readonly string Script = EmbeddedLua.Read("lookup_code");

    public async Task<CodeMatch> FindAsync(string accessCode, DateTimeOffset now, CancellationToken ct = default)
    {
        var tag = hasher.AccessTag(accessCode);
        var result = await redis.ReadAsync((Keys: new[] { access.Code(tag), access.Room(tag) }, tag),
            static (db, s) => db.ScriptEvaluateAsync(Script, s.Keys), ct);
        var parts = (RedisResult[])result!;
        if (parts.Length == 0)
        {
            return CodeMatch.Unknown(tag);
        }
        var entry = Pairs((RedisResult[])parts[0]!);
        return Classify(tag, entry, Pairs((RedisResult[])parts[1]!), now);
    }

    internal static CodeMatch Classify(string tag, IReadOnlyDictionary<string, string> e, IReadOnlyDictionary<string, string> room, DateTimeOffset now)
    {
        var mode = e.GetValueOrDefault(CodeEntryFields.PasscodeMode) switch
        {
            "shared" => PasscodeMode.Shared,
            "unique" => PasscodeMode.Unique,
            _ => PasscodeMode.None,
        };
        var shared = e.GetValueOrDefault(CodeEntryFields.SharedPasscode);
        var organizer = e.GetValueOrDefault(CodeEntryFields.Organizer, "");
        var pin = e.GetValueOrDefault(CodeEntryFields.HostPin, "");
        var zone = e.GetValueOrDefault(CodeEntryFields.TimeZone, "UTC");

        if (e.GetValueOrDefault(CodeEntryFields.Kind) == CodeEntryFields.KindPersonal)
        {
            // A personal room is always open; the meeting whose window is on now (if any) decides
            // whether callers wait for the host.
            var current = room
                .Select(r => (Id: r.Key, Parts: r.Value.Split('|')))
                .Where(r => r.Parts.Length == 3 && Ms(r.Parts[0]) <= now && now < Ms(r.Parts[1]))
                .OrderBy(r => Ms(r.Parts[0]))
                .FirstOrDefault();
            return new CodeMatch(CodeState.Active, AccessCodeKind.Personal, tag, organizer, current.Id, null, null, null, zone, mode,
                string.IsNullOrEmpty(shared) ? null : shared, pin, current.Parts is null || current.Parts[2] == "1");
        }

        var from = Ms(e.GetValueOrDefault(CodeEntryFields.ActiveFrom, "0"));
        var until = Ms(e.GetValueOrDefault(CodeEntryFields.ActiveUntil, "0"));
        var state = e.GetValueOrDefault(CodeEntryFields.Status) == CodeEntryFields.StatusCancelled ? CodeState.Cancelled
            : now < from ? CodeState.NotYetActive
            : now >= until ? CodeState.Expired
            : CodeState.Active;
        return new CodeMatch(state, AccessCodeKind.OneTime, tag, organizer, e.GetValueOrDefault(CodeEntryFields.Meeting),
            Ms(e.GetValueOrDefault(CodeEntryFields.Start, "0")), from, until, zone, mode,
            string.IsNullOrEmpty(shared) ? null : shared, pin, e.GetValueOrDefault(CodeEntryFields.WaitForHost) != "0");
    }

    private static DateTimeOffset Ms(string value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture));

    private static Dictionary<string, string> Pairs(RedisResult[] flat)
    {
        var map = new Dictionary<string, string>(flat.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < flat.Length; i += 2)
        {
            map[flat[i].ToString()] = flat[i + 1].ToString();
        }
        return map;
    }
}
