namespace IvrGateway.Codes;

/// <summary>What an access code means at one instant.</summary>
public enum CodeState
{
    Unknown,
    NotYetActive,
    Active,
    Cancelled,
    Expired,
}
