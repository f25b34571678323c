using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace IvrGateway.Testing.Twilio;

/// <summary>
/// Reads the fake Twilio REST API's own view of conferences and participants, as Twilio's console would show them,
/// so a test can check what the gateway's REST calls did there.
/// </summary>
public sealed class RestApiProbe(Uri baseUrl, string accountSid, string user, string password) : IDisposable
{
    private readonly HttpClient http = new()
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromSeconds(10),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))) },
    };

    public sealed record ConferenceState(string Sid, string FriendlyName, string Status);

    public sealed record ParticipantState(string CallSid, string? Label, bool Muted);

    public async Task<IReadOnlyList<ConferenceState>> ConferencesAsync(string friendlyName, string? status = null)
    {
        var query = "FriendlyName=" + Uri.EscapeDataString(friendlyName) + (status is null ? "" : "&Status=" + status);
        using var document = await GetAsync($"/2010-04-01/Accounts/{accountSid}/Conferences.json?{query}");
        return document.RootElement.GetProperty("conferences").EnumerateArray()
            .Select(c => new ConferenceState(c.GetProperty("sid").GetString()!, c.GetProperty("friendly_name").GetString()!, c.GetProperty("status").GetString()!))
            .ToList();
    }

    public async Task<IReadOnlyList<ParticipantState>> ParticipantsAsync(string conferenceSid)
    {
        using var document = await GetAsync($"/2010-04-01/Accounts/{accountSid}/Conferences/{conferenceSid}/Participants.json");
        return document.RootElement.GetProperty("participants").EnumerateArray()
            .Select(p => new ParticipantState(p.GetProperty("call_sid").GetString()!, p.GetProperty("label").GetString(), p.GetProperty("muted").GetBoolean()))
            .ToList();
    }

    private async Task<JsonDocument> GetAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => http.Dispose();
}
