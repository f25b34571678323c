namespace IvrGateway.Voice.State;

/// <summary>
/// A browser's call as <c>/voice/client</c> answered it: who (<paramref name="From"/> is Twilio's <c>client:&lt;identity&gt;</c>,
/// never the join ticket), its one step (bridged, or the refusal's outcome) and, once admitted, what it was admitted as.
/// </summary>
public sealed record WebJoin(string CallSid, string From, string? To, string Locale, CallEvent Step, bool Bridged, CallFacts? Facts = null);
