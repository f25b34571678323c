using Microsoft.Extensions.Options;

namespace IvrGateway.Voice;

/// <summary>The <c>Voice</c> section: where the flow is, what callers hear while they wait, how long call state lives.</summary>
public sealed class VoiceOptions
{
    public const string SectionName = "Voice";

    /// <summary>The <c>ivr-flows</c> folder; by default the copy shipped beside the binary.</summary>
    public string FlowDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "ivr-flows");

    /// <summary>Played to callers waiting for the organizer (and to a host alone in the room).</summary>
    public string HoldMusicUrl { get; set; } = "http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3";

    /// <summary>A call's state lives this long after its last step, longer than any conference call.</summary>
    public int CallStateHours { get; set; } = 26;

    /// <summary>A label given to an admitted caller who never appears in the conference is reused after this.</summary>
    public int UnjoinedLabelSeconds { get; set; } = 300;

    /// <summary>
    /// The node's outage journal: steps that failed while Redis was down, kept on local disk until Redis takes them, so a
    /// restart loses none. One file per node (relative paths are from the working directory).
    /// </summary>
    public string OutageJournalFile { get; set; } = Path.Combine(".data", "outage-journal.ndjson");
}

/// <summary><c>Voice:BruteForce</c>: the thresholds against guessing codes and passcodes.</summary>
public sealed class BruteForceOptions
{
    public const string SectionName = "Voice:BruteForce";

    /// <summary>Failed entries (well-formed codes, passcodes or PINs that do not match) before a caller number is locked out.</summary>
    public int CallerFailures { get; set; } = 10;

    /// <summary>Code lookups (hit or miss: early, cancelled and expired reveal that a code exists) a caller number may make per window.</summary>
    public int CallerLookups { get; set; } = 30;

    public int CallerWindowMinutes { get; set; } = 60;

    public int CallerLockoutMinutes { get; set; } = 60;

    /// <summary>Wrong passcodes for one meeting, from any callers, before it stops accepting passcodes.</summary>
    public int MeetingFailures { get; set; } = 10;

    public int MeetingWindowMinutes { get; set; } = 15;

    public int MeetingLockMinutes { get; set; } = 15;

    /// <summary>Failed lookups per minute across all callers above which an alarm is raised (and unverified callers are slowed down).</summary>
    public int GlobalFailuresPerMinute { get; set; } = 60;

    /// <summary>
    /// Failed entries per window from all unverified callers (no full STIR/SHAKEN attestation, withheld or unparseable
    /// numbers) of one dialed number before every unverified caller of that number is refused for <see cref="PooledLockoutMinutes"/>.
    /// Spoofing a fresh number per call buys nothing: they all draw from this one budget. Attested callers are never affected.
    /// The default sits well above the typos of a busy line's honest unattested callers (most callers outside the US, and
    /// many inside, are not fully attested), because a pooled lock refuses all of them; each number keeps its own budget too.
    /// </summary>
    public int PooledFailures { get; set; } = 200;

    /// <summary>
    /// Code lookups per window from all unverified callers of one dialed number: a ceiling against mass enumeration, not a
    /// guessing budget (misses are failures). Honest callers look codes up all day, so it must exceed a line's busiest hour
    /// (the benchmark found 100 locking out a load test's callers within seconds).
    /// </summary>
    public int PooledLookups { get; set; } = 50_000;

    /// <summary>Shorter than a caller's lockout: a pooled lock also refuses honest unattested callers.</summary>
    public int PooledLockoutMinutes { get; set; } = 15;

    /// <summary>Wrong host PINs for one organizer, from any numbers and codes, before its PIN entry is locked.</summary>
    public int HostPinFailures { get; set; } = 10;

    public int HostPinWindowMinutes { get; set; } = 60;

    public int HostPinLockMinutes { get; set; } = 60;

    /// <summary>While the global failure alarm is on, an unverified caller's code lookup is answered after this hold (well inside Twilio's 15 s).</summary>
    public int UnverifiedHoldMilliseconds { get; set; } = 2000;
}

internal sealed class VoiceOptionsValidator : IValidateOptions<VoiceOptions>
{
    public ValidateOptionsResult Validate(string? name, VoiceOptions o)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(o.HoldMusicUrl, UriKind.Absolute, out var music) || music.Scheme is not ("http" or "https"))
        {
            failures.Add("Voice:HoldMusicUrl must be an absolute http(s) URL of an audio file.");
        }
        if (o.CallStateHours is < 1 or > 72)
        {
            failures.Add("Voice:CallStateHours must be between 1 and 72.");
        }
        if (o.UnjoinedLabelSeconds is < 10 or > 3600)
        {
            failures.Add("Voice:UnjoinedLabelSeconds must be between 10 and 3600.");
        }
        if (string.IsNullOrWhiteSpace(o.OutageJournalFile) || o.OutageJournalFile.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add("Voice:OutageJournalFile must be a file path (the node's outage journal).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal sealed class BruteForceOptionsValidator : IValidateOptions<BruteForceOptions>
{
    public ValidateOptionsResult Validate(string? name, BruteForceOptions o)
    {
        var failures = new List<string>();
        void Range(int value, int min, int max, string key)
        {
            if (value < min || value > max)
            {
                failures.Add($"Voice:BruteForce:{key} must be between {min} and {max}.");
            }
        }
        Range(o.CallerFailures, 1, 1000, nameof(o.CallerFailures));
        Range(o.CallerLookups, 1, 10000, nameof(o.CallerLookups));
        Range(o.CallerWindowMinutes, 1, 1440, nameof(o.CallerWindowMinutes));
        Range(o.CallerLockoutMinutes, 1, 10080, nameof(o.CallerLockoutMinutes));
        Range(o.MeetingFailures, 1, 1000, nameof(o.MeetingFailures));
        Range(o.MeetingWindowMinutes, 1, 1440, nameof(o.MeetingWindowMinutes));
        Range(o.MeetingLockMinutes, 1, 1440, nameof(o.MeetingLockMinutes));
        Range(o.GlobalFailuresPerMinute, 1, 1_000_000, nameof(o.GlobalFailuresPerMinute));
        Range(o.PooledFailures, 1, 100_000, nameof(o.PooledFailures));
        Range(o.PooledLookups, 1, 1_000_000, nameof(o.PooledLookups));
        Range(o.PooledLockoutMinutes, 1, 1440, nameof(o.PooledLockoutMinutes));
        Range(o.HostPinFailures, 1, 1000, nameof(o.HostPinFailures));
        Range(o.HostPinWindowMinutes, 1, 1440, nameof(o.HostPinWindowMinutes));
        Range(o.HostPinLockMinutes, 1, 10080, nameof(o.HostPinLockMinutes));
        Range(o.UnverifiedHoldMilliseconds, 0, 10_000, nameof(o.UnverifiedHoldMilliseconds));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
