using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using IvrGateway.Simulator.Calls;
using IvrGateway.Simulator.Twilio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace IvrGateway.Simulator.Rest;

/// <summary>
/// The part of Twilio's REST API (2010-04-01) the gateway uses: Calls create, fetch and update (hang up);
/// Conferences list, fetch and update (end); Participants list, fetch, update (mute, hold) and delete (remove).
/// Placed calls are played by the simulator's own engine, so they follow the gateway's TwiML exactly as dialed ones.
/// </summary>
internal sealed class FakeTwilioApi(CallSimulator simulator, FakeTwilioOptions options, Action<string> log)
{
    private readonly ConcurrentDictionary<string, LiveCall> placed = new(StringComparer.Ordinal);
    // Placed calls end with the server, not with the request that placed them.
    private readonly CancellationTokenSource stopping = new();
    private readonly byte[] authToken = Encoding.UTF8.GetBytes(options.AuthToken);
    private readonly byte[]? apiKeySecret = options.ApiKeySecret is null ? null : Encoding.UTF8.GetBytes(options.ApiKeySecret);

    public IReadOnlyCollection<LiveCall> PlacedCalls => [.. placed.Values.OrderBy(call => call.Created)];

    public LiveCall? PlacedCall(string callSid) => placed.GetValueOrDefault(callSid);

    public void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            // The Voice SDK's endpoints authenticate with an Access Token, and log for themselves (a page polls its call).
            if (FakeVoiceSdkApi.Serves(context.Request.Path))
            {
                await next(context);
                return;
            }
            if (!Authenticated(context.Request))
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
                await Error(StatusCodes.Status401Unauthorized, 20003, "Authenticate").ExecuteAsync(context);
            }
            else
            {
                await next(context);
            }
            log($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} -> {context.Response.StatusCode}");
        });

        // The account is a literal in the routes: another account's URLs are unknown resources, as at Twilio.
        var account = app.MapGroup(RestResources.AccountUri(options.AccountSid));
        account.MapPost("/Calls.json", CreateCallAsync);
        account.MapGet("/Calls/{callSid}.json", (string callSid, HttpRequest request) =>
            FindCall(callSid) is { } call ? Ok(RestResources.Call(call)) : NotFound(request));
        account.MapPost("/Calls/{callSid}.json", UpdateCallAsync);
        account.MapGet("/Conferences.json", ListConferences);
        account.MapGet("/Conferences/{conferenceSid}.json", (string conferenceSid, HttpRequest request) =>
            simulator.Conferences.Find(conferenceSid) is { } conference ? Ok(RestResources.Conference(conference)) : NotFound(request));
        account.MapPost("/Conferences/{conferenceSid}.json", UpdateConferenceAsync);
        account.MapGet("/Conferences/{conferenceSid}/Participants.json", ListParticipants);
        account.MapGet("/Conferences/{conferenceSid}/Participants/{participant}.json", (string conferenceSid, string participant, HttpRequest request) =>
            simulator.Conferences.FindParticipant(conferenceSid, participant) is { } found ? Ok(RestResources.Participant(found)) : NotFound(request));
        account.MapPost("/Conferences/{conferenceSid}/Participants/{participant}.json", UpdateParticipantAsync);
        account.MapDelete("/Conferences/{conferenceSid}/Participants/{participant}.json", (string conferenceSid, string participant, HttpRequest request) =>
            simulator.Conferences.Remove(conferenceSid, participant) ? Results.NoContent() : NotFound(request));
        // Not the default fallback pattern, which skips paths that look like files, as every *.json path does.
        app.MapFallback("{*path}", (HttpRequest request) => NotFound(request));
    }

    /// <summary>Hangs up every placed call still playing and waits for them to stop.</summary>
    public async Task StopCallsAsync()
    {
        await stopping.CancelAsync();
        foreach (var call in placed.Values)
        {
            try
            {
                await call.Completion;
            }
            catch (OperationCanceledException)
            {
                // Stopped mid-call, as asked.
            }
        }
        stopping.Dispose();
    }

    private async Task<IResult> CreateCallAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var to = Text(form, "To");
        var from = Text(form, "From");
        if (to is null)
        {
            return Error(StatusCodes.Status400BadRequest, 21201, "No 'To' number is specified");
        }
        if (from is null)
        {
            return Error(StatusCodes.Status400BadRequest, 21213, "No 'From' number is specified");
        }
        if (Text(form, "Url") is not { } urlText)
        {
            // Twiml and ApplicationSid are valid at Twilio; the fake plays a gateway's webhook only.
            return Error(StatusCodes.Status400BadRequest, 21205, "Url parameter is required (the fake Twilio does not take Twiml or ApplicationSid)");
        }
        if (!TryUrl(urlText, out var url))
        {
            return Error(StatusCodes.Status400BadRequest, 21205, $"Url is not a valid URL: {urlText}");
        }
        Uri? statusCallback = null;
        if (Text(form, "StatusCallback") is { } statusText && !TryUrl(statusText, out statusCallback))
        {
            return Error(StatusCodes.Status400BadRequest, 21609, $"StatusCallback is not a valid URL: {statusText}");
        }
        if (!TryMethod(form, "Method", out var method) || !TryMethod(form, "StatusCallbackMethod", out var statusMethod))
        {
            return Error(StatusCodes.Status400BadRequest, 20001, "Method and StatusCallbackMethod must be GET or POST");
        }

        var callOptions = new CallOptions
        {
            Gateway = new Uri(url.GetLeftPart(UriPartial.Authority)),
            VoicePath = url.AbsoluteUri,
            VoiceMethod = method,
            StatusCallbackPath = statusCallback?.AbsoluteUri,
            StatusCallbackMethod = statusMethod,
            StatusCallbackEvents = form["StatusCallbackEvent"]
                .SelectMany(value => (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .ToHashSet(StringComparer.Ordinal),
            Direction = CallOptions.OutboundApi,
            From = from,
            To = to,
            AuthToken = options.AuthToken,
            AccountSid = options.AccountSid,
            CallSid = TwilioSids.NewCallSid(),
            StayInConference = options.StayInConference,
            RequestTimeout = options.RequestTimeout,
        };
        var call = simulator.Start(callOptions, new ScriptedKeypad(options.Digits), options.ObserverFor(callOptions), stopping.Token);
        placed[call.Sid] = call;
        log($"{call.Sid} placed to {to} from {from}: {method} {url}");
        _ = ReportEndAsync(call);
        // Twilio answers before it dials: the new call is always queued in this answer, however fast it then plays.
        return Results.Json(RestResources.Call(call) with { Status = "queued", StartTime = null, EndTime = null, Duration = null },
            RestResources.Json, statusCode: StatusCodes.Status201Created);
    }

    private async Task ReportEndAsync(LiveCall call)
    {
        try
        {
            var result = await call.Completion;
            var reason = result.Events.OfType<CallEnded>().LastOrDefault()?.Reason ?? result.ErrorMessage ?? "";
            log($"{call.Sid} ended: {result.Outcome.ToString().ToLowerInvariant()}, {reason}");
        }
        catch (OperationCanceledException)
        {
            log($"{call.Sid} stopped with the server");
        }
    }

    private async Task<IResult> UpdateCallAsync(string callSid, HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (FindCall(callSid) is not { } call)
        {
            return NotFound(request);
        }
        if (Text(form, "Url") is not null || Text(form, "Twiml") is not null)
        {
            return Error(StatusCodes.Status400BadRequest, 20001, "The fake Twilio does not redirect live calls; it only hangs them up (Status=completed)");
        }
        switch (Text(form, "Status"))
        {
            case null:
                break;
            case "completed" or "canceled":
                call.HangUp("Hung up through the REST API", simulator.Time.GetUtcNow());
                break;
            case var other:
                return Error(StatusCodes.Status400BadRequest, 20001, $"Status must be completed or canceled, not {other}");
        }
        return Ok(RestResources.Call(call));
    }

    private IResult ListConferences(HttpRequest request)
    {
        var conferences = simulator.Conferences.List(Text(request.Query, "FriendlyName"), Text(request.Query, "Status"));
        return Ok(RestResources.Page("conferences", conferences.Select(RestResources.Conference).ToList(), request.Path, PageSize(request)));
    }

    private async Task<IResult> UpdateConferenceAsync(string conferenceSid, HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var status = Text(form, "Status");
        if (status is not (null or "completed"))
        {
            return Error(StatusCodes.Status400BadRequest, 20001, $"Status must be completed, not {status}");
        }
        var conference = status is null ? simulator.Conferences.Find(conferenceSid) : simulator.Conferences.End(conferenceSid, simulator.Time.GetUtcNow());
        return conference is null ? NotFound(request) : Ok(RestResources.Conference(conference));
    }

    private IResult ListParticipants(string conferenceSid, HttpRequest request) =>
        simulator.Conferences.Participants(conferenceSid) is { } participants
            ? Ok(RestResources.Page("participants", participants.Select(RestResources.Participant).ToList(), request.Path, PageSize(request)))
            : NotFound(request);

    private async Task<IResult> UpdateParticipantAsync(string conferenceSid, string participant, HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (!TryFlag(form, "Muted", out var muted) || !TryFlag(form, "Hold", out var hold))
        {
            return Error(StatusCodes.Status400BadRequest, 20001, "Muted and Hold must be true or false");
        }
        return simulator.Conferences.Update(conferenceSid, participant, muted, hold, simulator.Time.GetUtcNow()) is { } updated
            ? Ok(RestResources.Participant(updated))
            : NotFound(request);
    }

    private LiveCall? FindCall(string callSid) => placed.GetValueOrDefault(callSid) ?? simulator.FindLiveCall(callSid);

    private bool Authenticated(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) ||
            !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return false;
        }
        string credentials;
        try
        {
            credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }
        var user = credentials[..colon];
        var password = Encoding.UTF8.GetBytes(credentials[(colon + 1)..]);
        return (user == options.AccountSid && CryptographicOperations.FixedTimeEquals(password, authToken))
            || (apiKeySecret is not null && user == options.ApiKeySid && CryptographicOperations.FixedTimeEquals(password, apiKeySecret));
    }

    private static IResult Ok(object resource) => Results.Json(resource, RestResources.Json);

    private static IResult NotFound(HttpRequest request) =>
        Error(StatusCodes.Status404NotFound, 20404, $"The requested resource {request.Path} was not found");

    private static IResult Error(int status, int code, string message) =>
        Results.Json(RestError.Of(status, code, message), RestResources.Json, statusCode: status);

    private static int PageSize(HttpRequest request) =>
        int.TryParse(request.Query["PageSize"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0 ? size : 50;

    private static string? Text(IEnumerable<KeyValuePair<string, StringValues>> values, string name)
    {
        var value = values.FirstOrDefault(pair => pair.Key == name).Value.ToString();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static bool TryUrl(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && url.Scheme is "http" or "https";

    private static bool TryMethod(IFormCollection form, string name, out HttpMethod method)
    {
        method = HttpMethod.Post;
        switch (Text(form, name)?.ToUpperInvariant())
        {
            case null or "POST":
                return true;
            case "GET":
                method = HttpMethod.Get;
                return true;
            default:
                return false;
        }
    }

    private static bool TryFlag(IFormCollection form, string name, out bool? flag)
    {
        flag = null;
        switch (Text(form, name)?.ToLowerInvariant())
        {
            case null:
                return true;
            case "true":
                flag = true;
                return true;
            case "false":
                flag = false;
                return true;
            default:
                return false;
        }
    }
}
