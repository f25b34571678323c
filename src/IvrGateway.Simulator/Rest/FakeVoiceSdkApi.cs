using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IvrGateway.Simulator.Calls;
using IvrGateway.Simulator.Twilio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IvrGateway.Simulator.Rest;

/// <summary>
/// What Twilio's Voice SDK does for a browser, for the gateway's simulated SDK (<c>wwwroot/join/simulated-device.js</c>, loaded
/// when the gateway's <c>Twilio:VoiceSdkSimulatorUrl</c> points here in Development):
/// <c>POST /sdk/calls</c> (<c>AccessToken</c> and the custom parameters of <c>device.connect</c>) checks the Access Token as
/// Twilio does and plays the browser's call: the TwiML App's voice URL with <c>From=client:&lt;identity&gt;</c> and the
/// parameters, signed, then the conference until hung up, and the TwiML App's status callback at the end (<c>status</c> beside
/// the voice URL); <c>POST /sdk/calls/{CallSid}</c> with the same token reads the
/// call, and with <c>Status=completed</c> hangs it up. Only the voice URL's origin may call from a page (CORS).
/// </summary>
internal sealed class FakeVoiceSdkApi(CallSimulator simulator, FakeTwilioOptions options, Action<string> log)
{
    public const string PathPrefix = "/sdk";

    private readonly ConcurrentDictionary<string, BrowserLeg> legs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly string allowedOrigin = options.VoiceUrl.GetLeftPart(UriPartial.Authority);

    public static bool Serves(PathString path) => path.StartsWithSegments(PathPrefix);

    public void Map(WebApplication app)
    {
        var sdk = app.MapGroup(PathPrefix);
        sdk.MapPost("/calls", ConnectAsync);
        sdk.MapPost("/calls/{callSid}", UpdateAsync);
        // A page that sends another content type asks first; the answer allows only the gateway's origin.
        sdk.MapMethods("/{**rest}", [HttpMethods.Options], (HttpContext http) =>
        {
            Cors(http);
            http.Response.Headers.AccessControlAllowMethods = "POST";
            http.Response.Headers.AccessControlAllowHeaders = "Content-Type";
            return Results.NoContent();
        });
    }

    /// <summary>Hangs up every browser call still playing and waits for them to stop.</summary>
    public async Task StopCallsAsync()
    {
        await stopping.CancelAsync();
        foreach (var leg in legs.Values)
        {
            try
            {
                await leg.Call.Completion;
            }
            catch (OperationCanceledException)
            {
                // Stopped mid-call, as asked.
            }
        }
        stopping.Dispose();
    }

    private async Task<IResult> ConnectAsync(HttpRequest request)
    {
        var http = request.HttpContext;
        Cors(http);
        if (options.TwimlAppSid is null)
        {
            return Error(StatusCodes.Status404NotFound, 20404, "This fake Twilio has no TwiML App (--twiml-app-sid), so it plays no browser calls.");
        }
        if (!http.Request.HasFormContentType)
        {
            return Error(StatusCodes.Status400BadRequest, 20001, "Send the AccessToken and the parameters as a form.");
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var token = form["AccessToken"].ToString();
        var check = VoiceAccessToken.Check(token, options, simulator.Time.GetUtcNow());
        if (check.Identity is not { } identity)
        {
            log($"POST {http.Request.Path} -> 401 {check.Code} {check.Message}");
            return Error(StatusCodes.Status401Unauthorized, check.Code, check.Message);
        }
        var parameters = form.Where(static field => field.Key != "AccessToken")
            .Select(static field => new KeyValuePair<string, string>(field.Key, field.Value.ToString()))
            .ToList();
        var voiceUrl = options.VoiceUrl;
        var callOptions = BrowserCalls.Options(new Uri(voiceUrl.GetLeftPart(UriPartial.Authority)), options.AuthToken, identity, "") with
        {
            VoicePath = voiceUrl.AbsoluteUri,
            // The TwiML App's status callback sits beside its voice URL (…/voice/client, …/voice/status), under any path prefix.
            StatusCallbackPath = new Uri(voiceUrl, "status").AbsoluteUri,
            Parameters = parameters,
            AccountSid = options.AccountSid,
            CallSid = TwilioSids.NewCallSid(),
            // A browser stays until it hangs up, is removed, or the conference ends.
            StayInConference = Timeout.InfiniteTimeSpan,
            RequestTimeout = options.RequestTimeout,
        };
        var call = simulator.Start(callOptions, new ScriptedKeypad([]), options.ObserverFor(callOptions), stopping.Token);
        legs[call.Sid] = new BrowserLeg(call, SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        log($"{call.Sid} browser client:{identity} connected: POST {voiceUrl}");
        _ = ReportEndAsync(call);
        return Results.Json(RestResources.Call(call), RestResources.Json, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The call as the Voice SDK sees it; <c>Status=completed</c> is the SDK's <c>call.disconnect()</c>.</summary>
    private async Task<IResult> UpdateAsync(string callSid, HttpContext http)
    {
        Cors(http);
        if (!http.Request.HasFormContentType)
        {
            return Error(StatusCodes.Status400BadRequest, 20001, "Send the AccessToken (and Status) as a form.");
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        // The call is the token holder's: the token that opened it (expired or not by now) controls it, nothing else does.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(form["AccessToken"].ToString()));
        if (!legs.TryGetValue(callSid, out var leg) || !CryptographicOperations.FixedTimeEquals(presented, leg.TokenHash))
        {
            return Error(StatusCodes.Status404NotFound, 20404, $"The requested resource {PathPrefix}/calls/{callSid} was not found");
        }
        switch (form["Status"].ToString())
        {
            case "":
                break;
            case "completed":
                if (leg.Call.HangUp("The browser hung up", simulator.Time.GetUtcNow()))
                {
                    log($"{callSid} browser hung up");
                }
                break;
            case var other:
                return Error(StatusCodes.Status400BadRequest, 20001, $"Status must be completed, not {other}");
        }
        return Results.Json(RestResources.Call(leg.Call), RestResources.Json);
    }

    private async Task ReportEndAsync(LiveCall call)
    {
        try
        {
            var result = await call.Completion;
            var reason = result.Events.OfType<CallEnded>().LastOrDefault()?.Reason ?? result.ErrorMessage ?? "";
            log($"{call.Sid} browser call ended: {result.Outcome.ToString().ToLowerInvariant()}, {reason}");
        }
        catch (OperationCanceledException)
        {
            log($"{call.Sid} browser call stopped with the server");
        }
    }

    private void Cors(HttpContext http)
    {
        http.Response.Headers.Vary = "Origin";
        if (string.Equals(http.Request.Headers.Origin.ToString(), allowedOrigin, StringComparison.Ordinal))
        {
            http.Response.Headers.AccessControlAllowOrigin = allowedOrigin;
        }
    }

    private static IResult Error(int status, int code, string message) =>
        Results.Json(RestError.Of(status, code, message), RestResources.Json, statusCode: status);

    private sealed record BrowserLeg(LiveCall Call, byte[] TokenHash);
}

/// <summary>
/// Twilio's checks of a Voice SDK Access Token (a JWT): HS256 signed with the API key's secret, issued by that key (<c>iss</c>)
/// for the account (<c>sub</c>), in force (<c>nbf</c>, <c>exp</c>), with an identity and a Voice grant that may call out
/// through the configured TwiML App. A failure carries Twilio's error code (20101 to 20107).
/// </summary>
internal static partial class VoiceAccessToken
{
    public static TokenCheck Check(string? jwt, FakeTwilioOptions options, DateTimeOffset now)
    {
        var parts = (jwt ?? "").Split('.');
        if (parts.Length != 3 || options.ApiKeySecret is null)
        {
            return TokenCheck.Refused(20101, "Invalid Access Token");
        }
        JsonElement header;
        JsonElement payload;
        byte[] signature;
        try
        {
            header = JsonSerializer.Deserialize<JsonElement>(Base64Url(parts[0]));
            payload = JsonSerializer.Deserialize<JsonElement>(Base64Url(parts[1]));
            signature = Base64Url(parts[2]);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return TokenCheck.Refused(20101, "Invalid Access Token");
        }
        if (header.ValueKind != JsonValueKind.Object || payload.ValueKind != JsonValueKind.Object
            || Text(header, "alg") != "HS256" || Text(header, "cty") != "twilio-fpa;v=1")
        {
            return TokenCheck.Refused(20102, "Invalid Access Token header");
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.ApiKeySecret), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return TokenCheck.Refused(20107, "Invalid Access Token signature");
        }
        if (Text(payload, "iss") != options.ApiKeySid || Text(payload, "sub") != options.AccountSid)
        {
            return TokenCheck.Refused(20103, "Invalid Access Token issuer/subject");
        }
        if (Seconds(payload, "exp") is not { } expires || now.ToUnixTimeSeconds() >= expires)
        {
            return TokenCheck.Refused(20104, "Access Token expired or expiration date invalid");
        }
        if (Seconds(payload, "nbf") is { } notBefore && now.ToUnixTimeSeconds() < notBefore)
        {
            return TokenCheck.Refused(20105, "Access Token not yet valid");
        }
        if (!payload.TryGetProperty("grants", out var grants) || grants.ValueKind != JsonValueKind.Object
            || Text(grants, "identity") is not { } identity || !IdentityPattern().IsMatch(identity)
            || !grants.TryGetProperty("voice", out var voice) || voice.ValueKind != JsonValueKind.Object
            || !voice.TryGetProperty("outgoing", out var outgoing) || outgoing.ValueKind != JsonValueKind.Object
            || Text(outgoing, "application_sid") != options.TwimlAppSid)
        {
            return TokenCheck.Refused(20106, "Invalid Access Token grants");
        }
        return new TokenCheck(identity, 0, "");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Seconds(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) ? seconds : null;

    private static byte[] Base64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }

    // Twilio's client identities: letters, digits and a few marks, at most 121 characters.
    [GeneratedRegex("^[A-Za-z0-9_.@-]{1,121}$")]
    private static partial Regex IdentityPattern();
}

/// <param name="Identity">The client's identity when the token is good; null when it is refused.</param>
internal sealed record TokenCheck(string? Identity, int Code, string Message)
{
    public static TokenCheck Refused(int code, string message) => new(null, code, message);
}
