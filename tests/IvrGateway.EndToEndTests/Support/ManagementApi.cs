using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace IvrGateway.EndToEndTests.Support;

/// <summary>The gateway's management API over HTTP, as an organizer's tools or ops would call it.</summary>
internal sealed class ManagementApi(Uri baseUrl, GatewaySecrets secrets) : IDisposable
{
    public const string TimeZone = "America/New_York";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>A new organizer account (with the admin key) and its secrets.</summary>
    public async Task<TestOrganizer> NewOrganizerAsync(string name, CancellationToken ct)
    {
        var email = new string(name.ToLowerInvariant().Where(char.IsAsciiLetter).ToArray()) + "@example.com";
        var account = await SendAsync<CreatedOrganizer>(HttpMethod.Post, "/api/v1/organizers", secrets.AdminApiKey, new { name, email, timeZone = TimeZone }, ct);
        return new TestOrganizer(account, this);
    }

    /// <summary>A meeting's attendance as ops sees it.</summary>
    public Task<List<AttendanceEntry>> AttendanceAsOpsAsync(string meetingId, CancellationToken ct) =>
        SendAsync<List<AttendanceEntry>>(HttpMethod.Get, $"/api/v1/conferences/{meetingId}/attendance", secrets.OpsApiKey, null, ct);

    /// <summary>Sends one authorized request; anything but a success fails the test with the gateway's problem document.</summary>
    public async Task<T> SendAsync<T>(HttpMethod method, string path, string apiKey, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }
        return JsonSerializer.Deserialize<T>(text, Json) ?? throw new InvalidOperationException($"{method} {path} answered null.");
    }

    public void Dispose() => http.Dispose();
}

/// <summary>An organizer as a test sees it: its secrets, and calls made with its API key.</summary>
internal sealed record TestOrganizer(CreatedOrganizer Account, ManagementApi Api)
{
    public string Name => Account.Name;

    public Task<Contact> AddContactAsync(string name, CancellationToken ct)
    {
        var email = new string(name.ToLowerInvariant().Where(char.IsAsciiLetter).ToArray()) + "@example.com";
        return Api.SendAsync<Contact>(HttpMethod.Post, "/api/v1/me/contacts", Account.ApiKey, new { name, email, phone = (string?)null }, ct);
    }

    /// <summary>
    /// A 30-minute meeting starting <paramref name="fromNow"/> after the real now: the gateway runs on
    /// the real clock, and a one-time code opens 15 minutes before the start.
    /// </summary>
    public Task<Conference> ScheduleAsync(TimeSpan fromNow, object security, IReadOnlyList<string> invitees, CancellationToken ct)
    {
        var start = TimeProvider.System.GetUtcNow().Add(fromNow).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
        var body = new
        {
            title = "End-to-end meeting",
            start,
            durationMinutes = 30,
            timeZone = ManagementApi.TimeZone,
            invitees,
            security,
        };
        return Api.SendAsync<Conference>(HttpMethod.Post, "/api/v1/conferences", Account.ApiKey, body, ct);
    }

    public Task<List<AttendanceEntry>> AttendanceAsync(string meetingId, CancellationToken ct) =>
        Api.SendAsync<List<AttendanceEntry>>(HttpMethod.Get, $"/api/v1/conferences/{meetingId}/attendance", Account.ApiKey, null, ct);
}

internal sealed record CreatedOrganizer(string Id, string Name, string ApiKey, string HostPin, string PersonalAccessCode);

internal sealed record Contact(string Id, string Name);

internal sealed record Invitation(string ContactId, string Name, string? Passcode, string? DialString);

internal sealed record Conference(
    string Id, DateTimeOffset Start, string TimeZone, string AccessCode, DateTimeOffset ActiveFrom, string PasscodeMode, string? SharedPasscode,
    List<Invitation> Invitations)
{
    public string PasscodeOf(string name) => Invitations.Single(i => i.Name == name).Passcode
        ?? throw new InvalidOperationException($"The invitation of {name} has no passcode.");
}

internal sealed record AttendanceEntry(
    string CallSid, string MeetingId, string DisplayName, string Role, string? CallerNumber, string? ContactId, DateTimeOffset? JoinedAt, DateTimeOffset? LeftAt);
