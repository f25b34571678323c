namespace IvrGateway.Codes;

public enum PasscodeMode
{
    None,
    Shared,
    Unique,
}
