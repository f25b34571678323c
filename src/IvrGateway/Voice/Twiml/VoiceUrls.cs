using System.Globalization;
using IvrGateway.Voice.State;

namespace IvrGateway.Voice.Twiml;

/// <summary>
/// The absolute URLs the TwiML sends Twilio to. They are built from the public base URL Twilio
/// called, so every callback validates when it arrives. The access slot's id, the organizer id,
/// the caller's shard and trust (<c>s</c>, <c>c</c>, chosen once at <c>/voice/incoming</c>) and the
/// attempt at the step (<c>n</c>) ride in the query: Twilio signs the whole URL, so none of them can
/// be altered on the way back, and a request for an attempt already answered is known as a replay.
/// </summary>
public sealed class VoiceUrls(string publicBase, CallerIdentity? caller = null, string? currentStep = null, int attempt = 0)
{
    public string Base { get; } = publicBase;

    public Uri Step(string step, string? slotId = null, string? organizerId = null)
    {
        var url = $"{Base}/voice/step/{Uri.EscapeDataString(step)}";
        var query = new List<string>();
        if (slotId is not null)
        {
            query.Add($"a={slotId}");
            query.Add($"o={Uri.EscapeDataString(organizerId ?? "")}");
        }
        if (caller is not null)
        {
            // Asking the same step again is its next attempt; any other step starts at one.
            var next = step == currentStep ? attempt + 1 : 1;
            query.Add("s=" + caller.Shard.ToString(CultureInfo.InvariantCulture));
            query.Add("c=" + caller.Trust);
            query.Add("n=" + next.ToString(CultureInfo.InvariantCulture));
        }
        return new Uri(query.Count == 0 ? url : url + "?" + string.Join('&', query));
    }

    public Uri Wait(string locale, bool waitingForOrganizer) =>
        new($"{Base}/voice/wait?l={Uri.EscapeDataString(locale)}&w={(waitingForOrganizer ? 1 : 0)}");

    /// <summary>The conference status callback: the code's slot and the meeting whose roster records the joins and leaves.</summary>
    public Uri Conference(string slotId, string? meetingId) =>
        new(meetingId is null ? $"{Base}/voice/conference?a={slotId}" : $"{Base}/voice/conference?a={slotId}&m={Uri.EscapeDataString(meetingId)}");
}
