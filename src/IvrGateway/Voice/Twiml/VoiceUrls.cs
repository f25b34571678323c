namespace IvrGateway.Voice.Twiml;

/// <summary>
/// The absolute URLs the TwiML sends Twilio to. They are built from the public base URL Twilio
/// called, so every callback validates when it arrives. The access slot's id and the organizer
/// id ride in the query: Twilio signs the whole URL, so they cannot be altered on the way back.
/// </summary>
public sealed class VoiceUrls(string publicBase)
{
    public string Base { get; } = publicBase;

    public Uri Step(string step, string? slotId = null, string? organizerId = null)
    {
        var url = $"{Base}/voice/step/{Uri.EscapeDataString(step)}";
        if (slotId is not null)
        {
            url += $"?a={slotId}&o={Uri.EscapeDataString(organizerId ?? "")}";
        }
        return new Uri(url);
    }

    public Uri Wait(string locale, bool waitingForOrganizer) =>
        new($"{Base}/voice/wait?l={Uri.EscapeDataString(locale)}&w={(waitingForOrganizer ? 1 : 0)}");

    public Uri Conference(string slotId) => new($"{Base}/voice/conference?a={slotId}");
}
