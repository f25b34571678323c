namespace IvrGateway.Codes;

/// <summary>How a caller proved who they are, as the roster and the call log name it.</summary>
public static class PasscodeKinds
{
    public const string HostPin = "host-pin";
    public const string None = "none";
    public const string Shared = "shared";
    public const string Unique = "unique";
}
