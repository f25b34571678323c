using IvrGateway.Codes;
using IvrGateway.Scheduling;

namespace IvrGateway.Join;

/// <summary>One dial-in number with its one-tap string.</summary>
public sealed record JoinDial(string Number, string Country, string OneTap);

/// <summary>
/// What an invitee's link opens: the meeting and this invitee's own details. <see cref="Passcode"/> is theirs alone (unique
/// mode); a shared passcode is never shown on the page (the pop-up asks for it), so the one-tap strings leave it out too.
/// </summary>
public sealed record JoinInvitation(
    string MeetingId,
    string OrganizerId,
    string SlotId,
    string Title,
    MeetingStatus Status,
    DateTimeOffset Start,
    DateTimeOffset End,
    int DurationMinutes,
    string TimeZone,
    DateTimeOffset ActiveFrom,
    DateTimeOffset ActiveUntil,
    PasscodeMode PasscodeMode,
    string AccessCode,
    string ContactId,
    string InviteeName,
    string? Passcode,
    IReadOnlyList<JoinDial> Dials,
    string CalendarUrl);

/// <summary>Finds the invitation a join link belongs to. The 256-bit token in the link is the only credential, looked up by hash.</summary>
public sealed class JoinInvitations
{
    private readonly MeetingStore store;
    private readonly MeetingViews views;
    private readonly SecretHasher hasher;

    // Internal: MeetingViews is Scheduling's own; the registration builds this with a factory.
    internal JoinInvitations(MeetingStore store, MeetingViews views, SecretHasher hasher)
    {
        this.store = store;
        this.views = views;
        this.hasher = hasher;
    }

    public async Task<JoinInvitation?> FindAsync(string? token, CancellationToken ct)
    {
        var found = await FindViewAsync(token, ct);
        if (found is not { } f)
        {
            return null;
        }
        var (meeting, view, invitee) = f;
        var unique = view.PasscodeMode == PasscodeMode.Unique ? invitee.Passcode : null;
        var dials = view.PasscodeMode == PasscodeMode.Shared
            ? invitee.DialStrings.Select(d => new JoinDial(d.Number, d.Country, MeetingViews.OneTapDialString(d.Number, view.AccessCode, null))).ToList()
            : invitee.DialStrings.Select(d => new JoinDial(d.Number, d.Country, d.Value)).ToList();
        return new JoinInvitation(meeting.Id, meeting.OrganizerId, meeting.SlotId, view.Title, view.Status, view.Start, view.End, view.DurationMinutes,
            view.TimeZone, view.ActiveFrom, view.ActiveUntil, view.PasscodeMode, view.AccessCode, invitee.ContactId, invitee.Name, unique, dials,
            invitee.CalendarUrl);
    }

    internal async Task<(Meeting Meeting, MeetingView View, InvitationView Invitee)?> FindViewAsync(string? token, CancellationToken ct)
    {
        if (token is null || token.Length is < 20 or > 100)
        {
            return null;
        }
        var location = await store.FindJoinTokenAsync(hasher.JoinToken(token), ct);
        if (location is not { } found)
        {
            return null;
        }
        var stored = await store.GetAsync(found.MeetingId, ct);
        if (stored is null)
        {
            return null;
        }
        var view = views.Render(stored.Meeting);
        var invitee = view.Invitations.FirstOrDefault(i => i.ContactId == found.ContactId);
        return invitee is null ? null : (stored.Meeting, view, invitee);
    }
}
