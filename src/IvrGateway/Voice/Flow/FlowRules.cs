namespace IvrGateway.Voice.Flow;

/// <summary>What each step type needs: the outcomes it has, where they may lead, the placeholders prompts may use.</summary>
internal static class FlowRules
{
    public static readonly IReadOnlyDictionary<StepType, IReadOnlyDictionary<string, StepType[]>> Outcomes =
        new Dictionary<StepType, IReadOnlyDictionary<string, StepType[]>>
        {
            [StepType.AccessCode] = new Dictionary<string, StepType[]>
            {
                ["passcode"] = [StepType.Passcode],
                ["noPasscode"] = [StepType.OrganizerOffer, StepType.Bridge],
                ["host"] = [StepType.Bridge],
            },
            [StepType.Passcode] = new Dictionary<string, StepType[]>
            {
                ["ok"] = [StepType.Bridge],
                ["organizer"] = [StepType.HostPin],
            },
            [StepType.OrganizerOffer] = new Dictionary<string, StepType[]>
            {
                ["silence"] = [StepType.Bridge],
                ["organizer"] = [StepType.HostPin],
            },
            [StepType.HostPin] = new Dictionary<string, StepType[]>
            {
                ["ok"] = [StepType.Bridge],
            },
            [StepType.Bridge] = new Dictionary<string, StepType[]>(),
        };

    /// <summary>Prompts the gateway says outside any step; every locale must have them.</summary>
    public static readonly string[] Messages =
    [
        "badFormat", "unknownCode", "noInput", "notYetActive", "notYetActiveOtherDay", "cancelled", "expired", "wrongPasscode",
        "passcodeLocked", "wrongHostPin", "joining", "joiningAsHost", "waitingForOrganizer", "meetingEnded",
        "tooManyTries", "lockedOut", "apology", "meetingLocked", "callMePress", "callMeNotPressed", "callMeGoodbye",
    ];

    public static readonly IReadOnlyDictionary<string, string[]> Placeholders = new Dictionary<string, string[]>
    {
        ["notYetActive"] = ["startTime", "startDate", "openTime", "openDate", "timeZone"],
        ["notYetActiveOtherDay"] = ["startTime", "startDate", "openTime", "openDate", "timeZone"],
        ["joining"] = ["name"],
        ["joiningAsHost"] = ["name"],
        ["callMePress"] = ["title"],
    };
}
