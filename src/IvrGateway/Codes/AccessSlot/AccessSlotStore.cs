using System.Globalization;
using System.Text.Json;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace IvrGateway.Codes;

/// <summary>
/// The one owner of an access code's Redis slot. Everything a caller's code unlocks (the code
/// entry, the meeting records, a personal room's meetings, the unique passcodes, the participant
/// labels, the roster and the passcode-guessing counters) shares the hash tag
/// <c>a:&lt;slot id&gt;</c> (the keyed hash of the code), so one Lua script checks and updates
/// them atomically on Redis Cluster too. No other class builds these keys or reads their values.
/// </summary>
public sealed partial class AccessSlotStore(RedisRunner redis, RedisKeyspace keyspace, Microsoft.Extensions.Options.IOptions<RetentionOptions> retention)
{
    // The stored values of the code entry: defined once here, passed to the scripts that compare them.
    private const string KindPersonal = "personal";
    private const string KindOneTime = "onetime";
    private const string StatusScheduled = "scheduled";
    private const string StatusCancelled = "cancelled";
    private const string RetiredRotated = "rotated";

    private static readonly SlotWords Words = new(KindPersonal, KindOneTime, StatusCancelled,
        Mode(PasscodeMode.None), Mode(PasscodeMode.Shared), Mode(PasscodeMode.Unique));

    private static readonly LuaScript<LookupArgs, LookupResult> LookupScript =
        new("lookup_code", AccessSlotJson.Default.LookupArgs, AccessSlotJson.Default.LookupResult, "lib_room");

    private RedisKey Key(string slotId, string name) => keyspace.Key("a:" + slotId, name);

    private RedisKey Code(string slotId) => Key(slotId, "code");

    private RedisKey MeetingRecord(string slotId, string meetingId) => Key(slotId, "meeting:" + meetingId);

    /// <summary>Personal rooms only: meeting id to its window (<see cref="StoredWindow"/>).</summary>
    private RedisKey Room(string slotId) => Key(slotId, "room");

    /// <summary>Unique passcodes: keyed hash to its holder (<see cref="StoredHolder"/>).</summary>
    private RedisKey Passcodes(string slotId) => Key(slotId, "passcodes");

    private const string RosterName = "roster:";

    /// <summary>
    /// Who joined one meeting's conference: call SID to an <see cref="AttendanceEntry"/>. One per meeting, each with its own
    /// expiry (a personal room holds many meetings); a personal room's calls outside any meeting share the one with no id.
    /// </summary>
    private RedisKey Roster(string slotId, string? meetingId) => Key(slotId, RosterName + meetingId);

    /// <summary>A meeting id as the scheduler makes them (<c>mtg_</c> and letters or digits): safe in a key.</summary>
    public static bool IsMeetingId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) =>
        id is { Length: > 4 and < 40 } && id.StartsWith("mtg_", StringComparison.Ordinal) && id.Skip(4).All(char.IsAsciiLetterOrDigit);

    /// <summary>Participant labels in use or remembered (the format is lib_labels.lua's).</summary>
    private RedisKey Labels(string slotId) => Key(slotId, "labels");

    private RedisKey PasscodeFailures(string slotId) => Key(slotId, "passcodeFailures");

    private RedisKey PasscodeLock(string slotId) => Key(slotId, "passcodeLock");

    /// <summary>
    /// What the code means at <paramref name="now"/>. The gateway's clock decides, not Redis's, so
    /// tests can move time; Redis expiry only collects what is long over. A personal room's current
    /// meeting is chosen by the lookup script (lib_room.lua), the same rule admission uses.
    /// </summary>
    public async Task<CodeMatch> FindAsync(string slotId, DateTimeOffset now, CancellationToken ct = default)
    {
        var found = await LookupScript.ReadAsync(redis, [Code(slotId), Room(slotId)], new LookupArgs(now.ToUnixTimeMilliseconds(), KindPersonal), ct);
        if (!found.Found || found.Entry is not { } e)
        {
            return CodeMatch.Unknown(slotId);
        }
        var mode = ParseMode(e.PasscodeMode);
        var shared = string.IsNullOrEmpty(e.SharedPasscodeHash) ? null : e.SharedPasscodeHash;
        if (e.Kind == KindPersonal && e.Status == StatusCancelled)
        {
            // A closed room (its organizer disabled, or its code rotated away): refused like a cancelled meeting, never a failed guess.
            return new CodeMatch(CodeState.Cancelled, AccessCodeKind.Personal, slotId, e.OrganizerId ?? "", null, null, null, null,
                e.TimeZone ?? "UTC", mode, shared, true);
        }
        if (e.Kind == KindPersonal)
        {
            // A personal room is always open; the meeting on now (if any) decides whether callers wait for the host.
            return new CodeMatch(CodeState.Active, AccessCodeKind.Personal, slotId, e.OrganizerId ?? "", found.CurrentMeetingId, null, null, null,
                e.TimeZone ?? "UTC", mode, shared, found.CurrentWaitForHost ?? true);
        }
        var from = Ms(e.ActiveFrom);
        var until = Ms(e.ActiveUntil);
        var state = e.Status == StatusCancelled ? CodeState.Cancelled
            : now < from ? CodeState.NotYetActive
            : now >= until ? CodeState.Expired
            : CodeState.Active;
        return new CodeMatch(state, AccessCodeKind.OneTime, slotId, e.OrganizerId ?? "", e.MeetingId, Ms(e.Start), from, until,
            e.TimeZone ?? "UTC", mode, shared, e.WaitForHost != "0");
    }

    /// <summary>Who attended a meeting, in the order they joined (admitted callers who never joined did not attend).</summary>
    public async Task<IReadOnlyList<AttendanceEntry>> RosterAsync(string slotId, string meetingId, CancellationToken ct = default)
    {
        var values = await redis.ReadAsync(Roster(slotId, meetingId), static (db, key) => db.HashValuesAsync(key), ct);
        return values.Select(v => JsonSerializer.Deserialize(v.ToString(), AccessSlotJson.Default.AttendanceEntry)!)
            .Where(e => e.MeetingId == meetingId && e.JoinedAt is not null)
            .OrderBy(e => e.JoinedAt ?? DateTimeOffset.MaxValue)
            .ToList();
    }

    /// <summary>The roster entries of these calls (slot id, meeting id and call SID each), in one batch; absent ones are left out.</summary>
    public async Task<IReadOnlyDictionary<string, AttendanceEntry>> AttendanceAsync(IReadOnlyList<(string SlotId, string? MeetingId, string CallSid)> calls,
        CancellationToken ct = default)
    {
        if (calls.Count == 0)
        {
            return new Dictionary<string, AttendanceEntry>();
        }
        var reads = calls.Select(c => (Key: Roster(c.SlotId, c.MeetingId), c.CallSid)).ToArray();
        var entries = await redis.ReadAsync(reads, static async (db, s) =>
        {
            var batch = db.CreateBatch();
            var pending = s.Select(r => batch.HashGetAsync(r.Key, r.CallSid)).ToArray();
            batch.Execute();
            return await Task.WhenAll(pending);
        }, ct);
        var attendance = new Dictionary<string, AttendanceEntry>(StringComparer.Ordinal);
        for (var i = 0; i < calls.Count; i++)
        {
            if (!entries[i].IsNull)
            {
                attendance[calls[i].CallSid] = JsonSerializer.Deserialize(entries[i].ToString(), AccessSlotJson.Default.AttendanceEntry)!;
            }
        }
        return attendance;
    }

    private static string Mode(PasscodeMode mode) => mode switch
    {
        PasscodeMode.Shared => "shared",
        PasscodeMode.Unique => "unique",
        _ => "none",
    };

    private static PasscodeMode ParseMode(string? stored) =>
        stored == Mode(PasscodeMode.Shared) ? PasscodeMode.Shared
        : stored == Mode(PasscodeMode.Unique) ? PasscodeMode.Unique
        : PasscodeMode.None;

    private static StoredCodeEntry Store(CodeEntry e) => new(
        e.Kind == AccessCodeKind.Personal ? KindPersonal : KindOneTime,
        e.OrganizerId,
        e.OrganizerName,
        e.TimeZone,
        Mode(e.PasscodeMode),
        e.SharedPasscodeHash ?? "",
        e.WaitForHost ? "1" : "0",
        e.MeetingId,
        e.Kind == AccessCodeKind.Personal ? null : e.Cancelled ? StatusCancelled : StatusScheduled,
        MsText(e.ActiveFrom),
        MsText(e.ActiveUntil),
        MsText(e.Start));

    private static Dictionary<string, string>? Store(IReadOnlyList<PasscodeHolder> holders) =>
        holders.Count == 0
            ? null
            : holders.ToDictionary(h => h.PasscodeHash,
                h => JsonSerializer.Serialize(new StoredHolder(h.MeetingId, h.ContactId, h.Name), AccessSlotJson.Default.StoredHolder), StringComparer.Ordinal);

    private static DateTimeOffset Ms(string? value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(value ?? "0", NumberStyles.Integer, CultureInfo.InvariantCulture));

    private static string? MsText(DateTimeOffset? instant) =>
        instant?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
