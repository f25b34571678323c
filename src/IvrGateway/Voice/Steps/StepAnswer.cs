using Twilio.TwiML;

namespace IvrGateway.Voice.Steps;

/// <summary>A step's TwiML as sent: rendered now, or the answer the caller's shard kept for a replayed request.</summary>
public sealed record StepAnswer(string Xml)
{
    public static implicit operator StepAnswer(VoiceResponse response) => new(response.ToString());
}
