using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace IvrGateway.Simulator.Load;

/// <summary>What the setup needs to know.</summary>
/// <param name="Parallelism">Requests at once: enough to be quick, few enough to leave the gateway polite.</param>
public sealed record SetupSettings(string AdminKey, int Callers, int Meetings, int NumberOffset, int Parallelism = 16);

/// <summary>
/// Creates the meetings of a burst through the management API: a few organizers, one contact per
/// caller, and meetings with unique passcodes (one invitee per caller), so every caller has a
/// passcode of their own and joins under their own name. Their one-time codes open 15 minutes
/// before the start, so meetings that start in 5 minutes are open at once.
/// </summary>
internal sealed class MeetingSetup(HttpClient http, TimeProvider time)
{
    /// <summary>Well under the gateway's 2,000 contacts per organizer.</summary>
    public const int ContactsPerOrganizer = 1000;

    /// <summary>Twilio conferences hold 250 participants, and the gateway invites no more.</summary>
    public const int MaxCallersPerMeeting = 250;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string? Problem(int callers, int meetings) =>
        meetings < 1 ? "--meetings must be at least 1."
        : callers < meetings ? "--callers must be at least --meetings: every meeting needs an invitee for its unique passcodes."
        : (callers + meetings - 1) / meetings > MaxCallersPerMeeting ? $"At most {MaxCallersPerMeeting} callers per meeting: raise --meetings."
        : null;

    public async Task<LoadPlan> CreateAsync(SetupSettings settings, Action<string>? progress, CancellationToken cancellationToken)
    {
        var organizerCount = Math.Min(settings.Meetings, Math.Max(1, (settings.Callers + ContactsPerOrganizer - 1) / ContactsPerOrganizer));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken };

        var organizers = new string[organizerCount];
        // An address names one account: a second run against the same Redis needs addresses of its own.
        var run = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        await Parallel.ForEachAsync(Enumerable.Range(0, organizerCount), parallel, async (o, ct) =>
        {
            var created = await PostAsync<Created>("/api/v1/organizers", settings.AdminKey,
                new { name = $"Load Organizer {o + 1}", email = $"load-organizer-{o + 1}.{run}@load.example.com", timeZone = "America/New_York" }, ct);
            organizers[o] = created.ApiKey ?? throw new InvalidOperationException("The gateway created an organizer without an API key.");
        });
        progress?.Invoke($"{organizerCount} organizers");

        // Meeting m belongs to organizer m % organizers; its callers go into that organizer's address book.
        var contacts = new string[settings.Callers];
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Callers), parallel, async (i, ct) =>
        {
            var number = settings.NumberOffset + i;
            var organizer = organizers[LoadPlan.MeetingOf(i, settings.Meetings) % organizerCount];
            var created = await PostAsync<Created>("/api/v1/me/contacts", organizer,
                new { name = CallerNumbers.Name(number), email = $"caller-{number}@load.example.com", phone = CallerNumbers.For(number) }, ct);
            contacts[i] = created.Id;
        });
        progress?.Invoke($"{settings.Callers} contacts");

        var start = time.GetUtcNow().AddMinutes(5);
        var planned = new PlannedCaller[settings.Callers];
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Meetings), parallel, async (m, ct) =>
        {
            var callers = Enumerable.Range(0, (settings.Callers - m + settings.Meetings - 1) / settings.Meetings).Select(k => m + k * settings.Meetings).ToList();
            var conference = await PostAsync<CreatedConference>("/api/v1/conferences", organizers[m % organizerCount], new
            {
                title = $"Load meeting {m + 1}",
                start = start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                durationMinutes = 120,
                timeZone = "America/New_York",
                invitees = callers.Select(i => contacts[i]).ToArray(),
                security = new { oneTimeAccessCode = true, passcodeMode = "unique" },
                waitForHost = false,
            }, ct);
            var passcodes = conference.Invitations.ToDictionary(invitation => invitation.ContactId, StringComparer.Ordinal);
            foreach (var i in callers)
            {
                var invitation = passcodes.GetValueOrDefault(contacts[i]) ?? throw new InvalidOperationException($"Meeting {conference.Id} has no invitation for contact {contacts[i]}.");
                planned[i] = new PlannedCaller(i, CallerNumbers.For(settings.NumberOffset + i), conference.AccessCode,
                    invitation.Passcode ?? throw new InvalidOperationException($"Meeting {conference.Id} gave {invitation.Name} no passcode."),
                    invitation.Name, m);
            }
        });
        progress?.Invoke($"{settings.Meetings} meetings");
        return new LoadPlan(settings.Meetings, planned);
    }

    private async Task<T> PostAsync<T>(string path, string key, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {problem}");
        }
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new InvalidOperationException($"POST {path} answered without a body.");
    }

    private sealed record Created(string Id, string? ApiKey);

    private sealed record Invitation(string ContactId, string Name, string? Passcode);

    private sealed record CreatedConference(string Id, string AccessCode, IReadOnlyList<Invitation> Invitations);
}
