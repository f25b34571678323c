using IvrGateway.Infrastructure;
using StackExchange.Redis;

namespace IvrGateway.Codes;

public enum AccessCodeKind
{
    OneTime,
    Personal,
}

public enum PasscodeMode
{
    None,
    Shared,
    Unique,
}

/// <summary>
/// The keys of one access code's Redis slot. Everything a caller's code unlocks (the code entry,
/// the meeting records, the unique passcodes, the name slots and the guessing counters) shares
/// the hash tag <c>a:&lt;keyed hash of the code&gt;</c>, so one Lua script can check and update
/// them atomically on Redis Cluster too.
/// </summary>
public sealed class AccessSlot(RedisKeyspace keyspace)
{
    public RedisKey Code(string tag) => keyspace.Key(Tag(tag), "code");

    public RedisKey Meeting(string tag, string meetingId) => keyspace.Key(Tag(tag), "mtg:" + meetingId);

    /// <summary>Personal rooms only: meeting id to <c>from|until|waitForHost</c> (unix ms).</summary>
    public RedisKey Room(string tag) => keyspace.Key(Tag(tag), "room");

    /// <summary>Unique passcodes: keyed hash to <c>meetingId\ncontactId\nname</c>.</summary>
    public RedisKey Passcodes(string tag) => keyspace.Key(Tag(tag), "pc");

    /// <summary>Who joined the conferences this code leads to: call SID to an attendance record.</summary>
    public RedisKey Roster(string tag) => keyspace.Key(Tag(tag), "roster");

    /// <summary>Participant labels in use or remembered: label to <c>sid|caller|state|since</c>.</summary>
    public RedisKey Labels(string tag) => keyspace.Key(Tag(tag), "labels");

    /// <summary>Recent wrong passcodes from any caller, and the lock they trigger.</summary>
    public RedisKey PasscodeFailures(string tag) => keyspace.Key(Tag(tag), "pcfail");

    public RedisKey PasscodeLock(string tag) => keyspace.Key(Tag(tag), "pclock");

    public RedisKey[] All(string tag, string meetingId) => [Code(tag), Meeting(tag, meetingId), Room(tag), Passcodes(tag)];

    private static string Tag(string tag) => "a:" + tag;
}

/// <summary>Field names of the code entry hash, read by the call flow and written by scheduling.</summary>
public static class CodeEntryFields
{
    public const string Kind = "kind";
    public const string Organizer = "org";
    public const string OrganizerName = "oname";
    public const string Meeting = "mtg";
    public const string Status = "st";
    public const string ActiveFrom = "from";
    public const string ActiveUntil = "until";
    public const string Start = "start";
    public const string TimeZone = "tz";
    public const string PasscodeMode = "mode";
    public const string SharedPasscode = "spc";
    public const string HostPin = "pin";
    public const string WaitForHost = "wait";

    public const string KindOneTime = "onetime";
    public const string KindPersonal = "personal";
    public const string StatusScheduled = "scheduled";
    public const string StatusCancelled = "cancelled";

    public static string Mode(PasscodeMode mode) => mode switch
    {
        Codes.PasscodeMode.Shared => "shared",
        Codes.PasscodeMode.Unique => "unique",
        _ => "none",
    };
}
