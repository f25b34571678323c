namespace IvrGateway.Voice.State;

/// <summary>The call log's indexes: a caller number's records, a meeting's records.</summary>
public enum CallLogIndex
{
    Caller,
    Meeting,
}
