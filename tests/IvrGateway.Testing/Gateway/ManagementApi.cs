using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace IvrGateway.Testing.Gateway;

/// <summary>The gateway's management API over HTTP, as an organizer's tools or ops would call it.</summary>
public sealed class ManagementApi(Uri baseUrl, GatewaySecrets secrets) : IDisposable
{
    public const string TimeZone = "America/New_York";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static int accounts;

    private readonly HttpClient http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>A new organizer account (with the admin key) and its secrets.</summary>
    public async Task<TestOrganizer> NewOrganizerAsync(string name, CancellationToken ct)
    {
        // An address signs in to one account only: each new account gets its own.
        var email = new string(name.ToLowerInvariant().Where(char.IsAsciiLetter).ToArray()) + "." + Interlocked.Increment(ref accounts) + "@example.com";
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
