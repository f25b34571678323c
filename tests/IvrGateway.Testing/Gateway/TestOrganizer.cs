using System.Globalization;

namespace IvrGateway.Testing.Gateway;

/// <summary>An organizer as a test sees it: its secrets, and calls made with its API key.</summary>
public sealed record TestOrganizer(CreatedOrganizer Account, ManagementApi Api)
{
    public string Name => Account.Name;

    private readonly Dictionary<string, int> namesAdded = new(StringComparer.Ordinal);

    /// <summary>A contact whose address is made from the name (the second of one name gets a numbered one: an address book holds
    /// one contact per address).</summary>
    public Task<Contact> AddContactAsync(string name, CancellationToken ct)
    {
        var local = new string(name.ToLowerInvariant().Where(char.IsAsciiLetter).ToArray());
        int n;
        lock (namesAdded)
        {
            n = namesAdded[local] = namesAdded.GetValueOrDefault(local) + 1;
        }
        var email = local + (n > 1 ? n.ToString(CultureInfo.InvariantCulture) : "") + "@example.com";
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
