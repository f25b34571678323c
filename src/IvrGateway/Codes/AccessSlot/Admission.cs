namespace IvrGateway.Codes;

/// <summary>A caller let into a conference, under a label unique in it.</summary>
public sealed record Admission(
    AdmissionResult Result,
    string Label = "",
    int Copy = 0,
    string Role = "",
    string? MeetingId = null,
    string? ContactId = null,
    bool WaitForHost = true,
    string Conference = "",
    string PasscodeKind = "",
    bool SharedContact = false)
{
    public const string HostRole = "host";
    public const string ParticipantRole = "participant";

    public bool IsHost => Role == HostRole;
}
