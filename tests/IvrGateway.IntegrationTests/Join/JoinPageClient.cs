using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace IvrGateway.IntegrationTests.Join;

/// <summary>The test's API key for browser tokens: the JWTs are decoded with <see cref="ApiKeySecret"/>.</summary>
public static class BrowserAudio
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string ApiKeySid = "SK0123456789abcdef0123456789abcdef";
    public const string ApiKeySecret = "test-api-key-secret-0123456789abcdef";
    public const string TwimlAppSid = "AP0123456789abcdef0123456789abcdef";

    public static Dictionary<string, string?> Settings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = AccountSid,
            ["Twilio:ApiKeySid"] = ApiKeySid,
            ["Twilio:ApiKeySecret"] = ApiKeySecret,
            ["Twilio:TwimlAppSid"] = TwimlAppSid,
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }
        return settings;
    }
}

/// <summary>What the token endpoint answered: a session (token and ticket) or a refusal.</summary>
public sealed record SessionAnswer(HttpStatusCode Status, string? Token, string? Ticket, string? Identity, string? Refusal, string? Message, int TriesLeft);

/// <summary>
/// An invitee's browser on the join page, in process: it keeps the antiforgery cookie, reads the page's form (token, page id)
/// and asks for a session the way join.js does.
/// </summary>
public sealed partial class JoinPageClient(IvrApplication app, string joinUrl) : IDisposable
{
    private readonly HttpClient http = app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
    private string? antiforgery;
    private string? pageId;

    public string Path { get; } = new Uri(joinUrl).AbsolutePath;

    public string Html { get; private set; } = "";

    public async Task<HttpResponseMessage> OpenAsync(string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Path);
        if (acceptLanguage is not null)
        {
            request.Headers.Add("Accept-Language", acceptLanguage);
        }
        var response = await http.SendAsync(request);
        Html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        antiforgery = AntiforgeryField().Match(Html) is { Success: true } a ? a.Groups[1].Value : null;
        pageId = PageField().Match(Html) is { Success: true } p ? p.Groups[1].Value : null;
        return response;
    }

    /// <summary>Asks for a session (the join button, or the pop-up's Join with <paramref name="passcode"/>).</summary>
    public async Task<SessionAnswer> JoinAsync(string? passcode = null, bool withToken = true)
    {
        if (Html.Length == 0)
        {
            using var _ = await OpenAsync();
        }
        var form = new Dictionary<string, string> { ["page"] = pageId ?? "", ["lang"] = "en-US" };
        if (passcode is not null)
        {
            form["passcode"] = passcode;
        }
        if (withToken && antiforgery is not null)
        {
            form["__RequestVerificationToken"] = antiforgery;
        }
        using var response = await http.PostAsync(Path + "/session", new FormUrlEncodedContent(form));
        return await ReadAsync(response);
    }

    public static async Task<SessionAnswer> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType is not ("application/json" or "application/problem+json"))
        {
            return new SessionAnswer(response.StatusCode, null, null, null, null, body, 0);
        }
        var json = JsonDocument.Parse(body).RootElement;
        string? Text(string name) => json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new SessionAnswer(response.StatusCode, Text("token"), Text("ticket"), Text("identity"), Text("refusal"), Text("message") ?? Text("detail"),
            json.TryGetProperty("triesLeft", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : 0);
    }

    public Task<HttpResponseMessage> PostRawAsync(string path, Dictionary<string, string> form) => http.PostAsync(path, new FormUrlEncodedContent(form));

    /// <summary>A JSON body with the page's antiforgery token in the header antiforgery also reads, as a script would send it.</summary>
    public async Task<HttpResponseMessage> PostJsonWithTokenAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("RequestVerificationToken", antiforgery);
        return await http.SendAsync(request);
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("name=\"page\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex PageField();
}

/// <summary>Twilio bringing a browser's call to the TwiML App's voice URL, signed as Twilio signs it.</summary>
public static class BrowserLeg
{
    public static async Task<(Twiml Twiml, string CallSid)> ConnectAsync(IvrApplication app, string identity, string ticket)
    {
        var callSid = "CA" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var fields = Fields(callSid, identity, ticket);
        var call = new VoiceCall(app, from: "client:" + identity, to: "");
        var twiml = await call.SendAsync("http://localhost/voice/client", fields, token: Guid.NewGuid().ToString());
        return (twiml, callSid);
    }

    public static Dictionary<string, string> Fields(string callSid, string identity, string ticket) => new()
    {
        ["AccountSid"] = BrowserAudio.AccountSid,
        ["ApiVersion"] = "2010-04-01",
        ["ApplicationSid"] = BrowserAudio.TwimlAppSid,
        ["CallSid"] = callSid,
        ["CallStatus"] = "ringing",
        ["Direction"] = "inbound",
        ["Caller"] = "client:" + identity,
        ["From"] = "client:" + identity,
        ["To"] = "",
        ["ticket"] = ticket,
    };

    /// <summary>Twilio's conference callback when the browser is in <paramref name="twiml"/>'s conference.</summary>
    public static Task JoinedAsync(IvrApplication app, Twiml twiml, string callSid) =>
        ConferenceEventAsync(app, twiml, callSid, "participant-join", sequence: 1);

    /// <summary>Twilio's conference callback when the browser leaves (hangs up, or is removed).</summary>
    public static Task LeftAsync(IvrApplication app, Twiml twiml, string callSid) =>
        ConferenceEventAsync(app, twiml, callSid, "participant-leave", sequence: 2);

    private static async Task ConferenceEventAsync(IvrApplication app, Twiml twiml, string callSid, string kind, int sequence)
    {
        var conference = twiml.Conference!;
        var fields = new Dictionary<string, string>
        {
            ["AccountSid"] = BrowserAudio.AccountSid,
            ["ConferenceSid"] = "CF" + new string('2', 32),
            ["FriendlyName"] = conference.Value,
            ["StatusCallbackEvent"] = kind,
            ["CallSid"] = callSid,
            ["ParticipantLabel"] = conference.Attribute("participantLabel")!.Value,
            ["SequenceNumber"] = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await new VoiceCall(app).SendAsync(conference.Attribute("statusCallback")!.Value, fields, token: null);
    }
}
