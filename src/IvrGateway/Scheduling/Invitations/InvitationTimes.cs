using System.Globalization;
using IvrGateway.Infrastructure;
using static IvrGateway.Scheduling.Invitations.InvitationTexts;

namespace IvrGateway.Scheduling.Invitations;

/// <summary>
/// The times one message gives, as sentences in its locale: in the organizer's zone always, and again in the invitee's own
/// zone when the address book has one whose clock reads differently at the instants the message names. A zone with the same
/// offset then (Toronto for New York) would repeat the line word for word, so it adds none.
/// </summary>
internal sealed class InvitationTimes
{
    private readonly TimeZoneInfo organizerZone;
    private readonly string organizerZoneName;
    private readonly string locale;
    private readonly CultureInfo culture;

    /// <param name="organizerZone">The zone the organizer's times are read in.</param>
    /// <param name="organizerZoneName">How the "when" line names it: the organizer's profile zone, as it always has.</param>
    /// <param name="inviteeZoneId">The invitee's IANA zone from the address book; null for the organizer's copy or a contact without one.</param>
    /// <param name="instants">Every instant the message names (the start, when the code opens).</param>
    public InvitationTimes(TimeZoneInfo organizerZone, string organizerZoneName, string? inviteeZoneId, string locale, params IReadOnlyList<DateTimeOffset> instants)
    {
        this.organizerZone = organizerZone;
        this.organizerZoneName = organizerZoneName;
        this.locale = locale;
        culture = Culture(locale);
        InviteeZone = TimeZones.FindIana(inviteeZoneId) is { } zone && instants.Any(i => zone.GetUtcOffset(i) != organizerZone.GetUtcOffset(i)) ? zone : null;
    }

    /// <summary>The invitee's zone when the message gives its times there too; null when it gives the organizer's alone.</summary>
    public TimeZoneInfo? InviteeZone { get; }

    /// <summary>Date and time in the organizer's zone, in the message's language.</summary>
    public string Local(DateTimeOffset instant) => Long(instant, organizerZone);

    /// <summary>The time of day alone (a reminder's subject): where the reader is, when their zone is known.</summary>
    public string ReaderTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, InviteeZone ?? organizerZone).ToString("t", culture);

    /// <summary>When the meeting is, and how long: one sentence, or two with the invitee's own time.</summary>
    public IEnumerable<string> When(DateTimeOffset start, int durationMinutes)
    {
        yield return Format(locale, "when", ("start", Local(start)), ("zone", organizerZoneName), ("duration", durationMinutes.ToString(culture)));
        if (InYourZone(start) is { } yours)
        {
            yield return yours;
        }
    }

    /// <summary>When the access code starts to work; with a second zone both sentences name theirs, or the first would be ambiguous.</summary>
    public IEnumerable<string> Opens(DateTimeOffset opens)
    {
        if (InviteeZone is not { } invitee)
        {
            yield return Format(locale, "opens", ("opens", Local(opens)));
            yield break;
        }
        yield return Format(locale, "opensZone", ("opens", Local(opens)), ("zone", organizerZoneName));
        yield return Format(locale, "opensYourZone", ("opens", Long(opens, invitee)), ("zone", invitee.Id));
    }

    /// <summary>The instant in the invitee's own zone, as a sentence; null when the message gives the organizer's time alone.</summary>
    public string? InYourZone(DateTimeOffset instant) =>
        InviteeZone is { } invitee ? Format(locale, "whenYourZone", ("start", Long(instant, invitee)), ("zone", invitee.Id)) : null;

    private string Long(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).ToString("f", culture);
}
