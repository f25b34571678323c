using System.Security.Cryptography;
using IvrGateway.Codes;
using IvrGateway.Infrastructure.Security;
using IvrGateway.Scheduling;
using IvrGateway.Voice;
using IvrGateway.Voice.Client;
using Microsoft.Extensions.Options;

namespace IvrGateway.Join;

/// <summary>Why a browser gets no token.</summary>
public enum JoinRefusal
{
    NotConfigured,
    NotYetOpen,
    Cancelled,
    Ended,
    WrongPasscode,
    FreshPageNeeded,
    TooManyFromAddress,
    Locked,
}

/// <summary>What the browser needs to connect: the Access Token, the one-use ticket it passes to <c>device.connect</c>, and its identity.</summary>
public sealed record BrowserSession(string Token, string Ticket, string Identity, DateTimeOffset TokenExpiresAt);

/// <summary>A session, or why not (with the tries left on this page for a wrong passcode).</summary>
public sealed record JoinAttempt(BrowserSession? Session, JoinRefusal? Refusal = null, int TriesLeft = 0)
{
    public static JoinAttempt Refused(JoinRefusal refusal, int triesLeft = 0) => new(null, refusal, triesLeft);
}

/// <summary>
/// A browser asks to join. It passes the same admission as a phone caller (the access slot's script, in check-only mode:
/// activation window, cancellation, the meeting's passcode protection, host rules, the passcode) and only then gets a
/// short-lived Access Token and a one-use ticket; the label is taken when Twilio brings the call to <c>/voice/client</c>.
/// </summary>
public sealed class WebAdmission(AccessSlotStore slots, SecretHasher hasher, JoinTicketStore tickets, JoinGuessStore guesses, BrowserTokens tokens,
    IOptions<BrowserAudioOptions> audio, IOptions<BruteForceOptions> bruteForce, IOptions<VoiceOptions> voice, SecurityEventLog securityEvents,
    FailureRateAlarm alarm, TimeProvider time, ILogger<WebAdmission> logger)
{
    /// <summary>An invitee through their link; <paramref name="passcode"/> is what the pop-up sent (shared mode only).</summary>
    public async Task<JoinAttempt> InviteeAsync(JoinInvitation invitation, string? passcode, string? pageId, string address, string locale,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (Closed(invitation.Status, invitation.ActiveFrom, invitation.ActiveUntil, now) is { } closed)
        {
            return closed;
        }
        AdmissionKind kind;
        var secretHash = "";
        var counted = invitation.PasscodeMode == PasscodeMode.Shared;
        long onPage = 0;
        if (invitation.PasscodeMode == PasscodeMode.Unique && invitation.Passcode is { } own)
        {
            (kind, secretHash) = (AdmissionKind.Passcode, hasher.Passcode(invitation.SlotId, own));
        }
        else if (counted)
        {
            if (pageId is null || !IsPageId(pageId))
            {
                return JoinAttempt.Refused(JoinRefusal.FreshPageNeeded);
            }
            (onPage, var fromAddress) = await guesses.ReserveAsync(pageId, address, ct);
            if (onPage > JoinGuessStore.PerPage || fromAddress > JoinGuessStore.PerAddress)
            {
                // A refused click checks nothing, so it spends nothing: clicking on a used-up page cannot use up the office's budget.
                await guesses.ReleaseAsync(pageId, address, CancellationToken.None);
                return JoinAttempt.Refused(onPage > JoinGuessStore.PerPage ? JoinRefusal.FreshPageNeeded : JoinRefusal.TooManyFromAddress);
            }
            var typed = passcode?.Trim() ?? "";
            // Anything but digits cannot be a passcode; it is hashed all the same, so it counts as the wrong guess it is.
            (kind, secretHash) = (AdmissionKind.Passcode, hasher.Passcode(invitation.SlotId, typed.Length > 64 ? typed[..64] : typed));
        }
        else
        {
            kind = AdmissionKind.Guest;
        }
        var identity = NewIdentity();
        Admission admission;
        var wrong = false;
        try
        {
            admission = await CheckAsync(invitation.SlotId, kind, secretHash, invitation.InviteeName, "", identity, invitation.MeetingId, now, ct);
            wrong = admission.Result is AdmissionResult.Wrong or AdmissionResult.WrongAndLocked;
        }
        finally
        {
            if (counted && !wrong)
            {
                // Only a wrong passcode spends the page's and the address's entries (not a right one, nor a check that failed
                // or was abandoned): an office joining on one address is not refused.
                await guesses.ReleaseAsync(pageId!, address, CancellationToken.None);
            }
        }
        switch (admission.Result)
        {
            case AdmissionResult.Admitted:
                return new JoinAttempt(await IssueAsync(invitation.SlotId, kind, secretHash, "", invitation.InviteeName, locale, identity, invitation.MeetingId,
                    now, ct));
            case AdmissionResult.Wrong or AdmissionResult.WrongAndLocked when counted:
                // A wrong pop-up passcode is a failed entry like a phone's: the spike alarm counts it too.
                alarm.RecordFailure(now);
                if (admission.Result == AdmissionResult.WrongAndLocked)
                {
                    logger.LogWarning("Join page: too many wrong passcodes; meeting {MeetingId} stops accepting passcodes for a while", invitation.MeetingId);
                    securityEvents.Record(SecurityEventKind.MeetingPasscodeLocked, now, null, "web", admission.MeetingId ?? invitation.MeetingId,
                        "too many wrong passcodes from callers and join pages; the shared passcode and wrong ones are refused for a while");
                }
                if (admission.Result == AdmissionResult.WrongAndLocked)
                {
                    return JoinAttempt.Refused(JoinRefusal.Locked);
                }
                var left = (int)Math.Max(0, JoinGuessStore.PerPage - onPage);
                return JoinAttempt.Refused(left == 0 ? JoinRefusal.FreshPageNeeded : JoinRefusal.WrongPasscode, left);
            case AdmissionResult.Locked:
                return JoinAttempt.Refused(JoinRefusal.Locked);
            default:
                return JoinAttempt.Refused(JoinRefusal.Ended);
        }
    }

    /// <summary>The organizer from the portal: admitted as host (starts the conference, no passcode), their own meeting only.</summary>
    public async Task<JoinAttempt> HostAsync(Meeting meeting, string organizerId, string organizerName, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (meeting.OrganizerId != organizerId)
        {
            throw new InvalidOperationException("A host ticket is only for the organizer's own meeting.");
        }
        if (Closed(meeting.Status, meeting.ActiveFrom, meeting.ActiveUntil, now) is { } closed)
        {
            return closed;
        }
        var identity = NewIdentity();
        var admission = await CheckAsync(meeting.SlotId, AdmissionKind.Host, "", organizerName, organizerId, identity, meeting.Id, now, ct);
        return admission.Result == AdmissionResult.Admitted
            ? new JoinAttempt(await IssueAsync(meeting.SlotId, AdmissionKind.Host, "", organizerId, organizerName, "en-US", identity, meeting.Id, now, ct))
            : JoinAttempt.Refused(JoinRefusal.Ended);
    }

    private JoinAttempt? Closed(MeetingStatus status, DateTimeOffset from, DateTimeOffset until, DateTimeOffset now) =>
        !audio.Value.IsConfigured ? JoinAttempt.Refused(JoinRefusal.NotConfigured)
        : status == MeetingStatus.Cancelled ? JoinAttempt.Refused(JoinRefusal.Cancelled)
        : now >= until ? JoinAttempt.Refused(JoinRefusal.Ended)
        : now < from ? JoinAttempt.Refused(JoinRefusal.NotYetOpen)
        : null;

    /// <param name="meetingId">
    /// The meeting the link or the portal's Start is for: a personal room holds several, and the browser joins that one, never the
    /// room's current one (the ticket carries it to <c>/voice/client</c>, which admits into it while it is open).
    /// </param>
    private Task<Admission> CheckAsync(string slotId, AdmissionKind kind, string secretHash, string label, string organizerId, string identity,
        string meetingId, DateTimeOffset now, CancellationToken ct)
    {
        var o = bruteForce.Value;
        var guard = new PasscodeGuard(o.MeetingFailures, TimeSpan.FromMinutes(o.MeetingWindowMinutes), TimeSpan.FromMinutes(o.MeetingLockMinutes),
            TimeSpan.FromSeconds(voice.Value.UnjoinedLabelSeconds));
        // Each try is its own member, so every wrong pop-up entry counts once toward the meeting's protection.
        return slots.AdmitAsync(slotId, new AdmissionRequest(kind, "web-" + identity, "client:" + identity, "web:" + identity, secretHash, label,
            organizerId, CheckOnly: true, MeetingId: meetingId), guard, now, ct);
    }

    private async Task<BrowserSession> IssueAsync(string slotId, AdmissionKind kind, string secretHash, string organizerId, string label, string locale,
        string identity, string meetingId, DateTimeOffset now, CancellationToken ct)
    {
        var ticket = await tickets.IssueAsync(new JoinTicket(slotId, kind, secretHash, organizerId, label, locale, identity, now + JoinTicketStore.Lifetime,
            meetingId), now, ct);
        return new BrowserSession(tokens.Mint(identity, now), ticket, identity, now + BrowserTokens.Lifetime);
    }

    /// <summary>An opaque identity for the Voice SDK: it names no one, and Twilio sends it back as <c>client:&lt;identity&gt;</c>.</summary>
    private static string NewIdentity() => "web" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static string NewPageId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static bool IsPageId(string pageId) => pageId.Length == 32 && pageId.All(char.IsAsciiHexDigitLower);
}
