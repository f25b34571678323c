namespace IvrGateway.IntegrationTests.Support;

/// <summary>Meetings set up the way voice tests need them.</summary>
public static class VoiceScenarios
{
    public static async Task<(TestOrganizer Organizer, ConferenceDto Meeting)> UniqueAsync(IvrApplication app, params string[] invitees)
    {
        var organizer = await app.NewOrganizerAsync("Olivia Organizer");
        var ids = new List<string>();
        foreach (var name in invitees)
        {
            ids.Add((await organizer.AddContactAsync(name)).Id);
        }
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { passcodeMode = "unique" }, invitees: [.. ids]);
        return (organizer, meeting);
    }

    public static async Task<(TestOrganizer Organizer, ConferenceDto Meeting)> SharedAsync(IvrApplication app, string passcode = "739164")
    {
        var organizer = await app.NewOrganizerAsync("Olivia Organizer");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { passcodeMode = "shared", sharedPasscode = passcode });
        return (organizer, meeting);
    }

    public static async Task<(TestOrganizer Organizer, ConferenceDto Meeting)> OpenAsync(IvrApplication app, bool waitForHost = true)
    {
        var organizer = await app.NewOrganizerAsync("Olivia Organizer");
        var meeting = await organizer.ScheduleOkAsync(new
        {
            title = "Open meeting",
            start = app.Time.GetUtcNow().AddMinutes(5).ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
            durationMinutes = 30,
            timeZone = "America/New_York",
            security = new { passcodeMode = "none" },
            waitForHost,
        });
        return (organizer, meeting);
    }

    public static string Passcode(this ConferenceDto meeting, string name) => meeting.Invitations.Single(i => i.Name == name).Passcode!;

    /// <summary>A well-formed code (valid check digit) that nobody was issued.</summary>
    public static string UnissuedCode() => IvrGateway.Codes.AccessCodes.Generate();

    /// <summary>The same code with its last digit changed: the check digit no longer holds.</summary>
    public static string Mistyped(string code) => code[..^1] + (char)('0' + ((code[^1] - '0' + 1) % 10));
}
