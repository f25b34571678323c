namespace IvrGateway.Codes;

/// <summary>How a caller asks to be let in: with a passcode, a host PIN, or as a guest (no passcode needed).</summary>
public enum AdmissionKind
{
    Passcode,
    Host,
    Guest,
}
