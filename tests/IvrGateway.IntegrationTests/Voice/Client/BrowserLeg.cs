using IvrGateway.IntegrationTests.Join;

namespace IvrGateway.IntegrationTests.Voice.Client;

/// <summary>What Twilio posts about a browser's leg once /voice/client has bridged it.</summary>
public static class BrowserLeg
{
    /// <summary>Twilio's conference callback when the browser leaves (hangs up, or is removed).</summary>
    public static async Task LeftAsync(IvrApplication app, Twiml twiml, string callSid)
    {
        var conference = twiml.Conference!;
        var fields = new Dictionary<string, string>
        {
            ["AccountSid"] = BrowserAudio.AccountSid,
            ["ConferenceSid"] = "CF" + new string('2', 32),
            ["FriendlyName"] = conference.Value,
            ["StatusCallbackEvent"] = "participant-leave",
            ["CallSid"] = callSid,
            ["ParticipantLabel"] = conference.Attribute("participantLabel")!.Value,
            ["SequenceNumber"] = "2",
        };
        await new VoiceCall(app).SendAsync(conference.Attribute("statusCallback")!.Value, fields, token: null);
    }
}
