namespace IvrGateway.Codes;

/// <summary>What Twilio's conference status callback reports about a participant or the conference.</summary>
public enum ConferenceChange
{
    Joined,
    Left,
    Ended,
}
