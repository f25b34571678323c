using IvrGateway.Codes;

namespace IvrGateway.Voice.Client;

/// <summary>
/// What a browser was admitted as, kept for the one <c>/voice/client</c> request that uses it: the access slot, how it proved
/// itself (<see cref="Kind"/>, the keyed hash of its passcode, the host's organizer), the name its label starts from, the
/// locale of what it hears, the instant the ticket stops working, and the meeting it was admitted to (a personal room holds several:
/// the browser joins that one or none). Never the passcode itself.
/// </summary>
public sealed record JoinTicket(
    string SlotId,
    AdmissionKind Kind,
    string SecretHash,
    string OrganizerId,
    string Label,
    string Locale,
    string Identity,
    DateTimeOffset ExpiresAt,
    string? MeetingId = null);
