using Microsoft.AspNetCore.Http.Features;
using StackExchange.Redis;
using Twilio.Security;
using Twilio.TwiML;
using Twilio.TwiML.Voice;
using TwilioMethod = Twilio.Http.HttpMethod;

// The least a webhook can do and still be a fair comparison: check the signature as the gateway
// does, read the form, one Redis GET, and TwiML that leads the call through the gateway's shape.
var builder = WebApplication.CreateBuilder(args);
var redis = await ConnectionMultiplexer.ConnectAsync(builder.Configuration.GetConnectionString("Redis") ?? "127.0.0.1:6379");
builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
builder.Services.AddSingleton(new RequestValidator(builder.Configuration["Twilio:AuthToken"]
    ?? throw new InvalidOperationException("Twilio:AuthToken is required.")));
var app = builder.Build();

var voice = app.MapGroup("/voice").AddEndpointFilter(Signature.CheckAsync).DisableAntiforgery();
voice.MapPost("/incoming", (HttpRequest request) => Answer(request, response =>
    response.Append(Ask(Link(request, "/voice/step/accessCode"), "Please enter your access code, followed by the pound key."))));
voice.MapPost("/step/{name}", (string name, HttpRequest request) => Answer(request, response =>
{
    if (name == "accessCode")
    {
        response.Append(Ask(Link(request, "/voice/step/passcode?a=0123456789abcdef0123456789abcdef&o=org_baseline1"), "Please enter your passcode."));
        return;
    }
    var dial = new Dial();
    dial.Conference("meeting-baseline", startConferenceOnEnter: true, endConferenceOnExit: false,
        waitUrl: Link(request, "/voice/wait?l=en-US&w=0"), waitMethod: TwilioMethod.Post,
        statusCallback: Link(request, "/voice/conference?a=0123456789abcdef0123456789abcdef"), statusCallbackMethod: TwilioMethod.Post,
        statusCallbackEvent: [Conference.EventEnum.Start, Conference.EventEnum.End, Conference.EventEnum.Join, Conference.EventEnum.Leave],
        participantLabel: "Caller " + request.Form["From"]);
    response.Append(dial);
}));
voice.MapMethods("/wait", ["GET", "POST"], (HttpRequest request) => Answer(request, response => response.Play(new Uri("http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3"), loop: 0)));
voice.MapPost("/conference", (HttpRequest request) => Answer(request, _ => { }));
voice.MapPost("/status", (HttpRequest request) => Answer(request, _ => { }));
app.Run();

// One Redis GET per webhook, keyed by the call, as the gateway's steps are.
static async Task<IResult> Answer(HttpRequest request, Action<VoiceResponse> build)
{
    var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
    await request.HttpContext.RequestServices.GetRequiredService<IConnectionMultiplexer>().GetDatabase().StringGetAsync("baseline:" + form["CallSid"]);
    var response = new VoiceResponse();
    build(response);
    return Results.Text(response.ToString(), "application/xml");
}

static Gather Ask(Uri action, string prompt) =>
    new Gather(input: [Gather.InputEnum.Dtmf], action: action, method: TwilioMethod.Post, timeout: 5, finishOnKey: "#", actionOnEmptyResult: true).Say(prompt);

static Uri Link(HttpRequest request, string pathAndQuery) => new($"{request.Scheme}://{request.Host}{pathAndQuery}");

/// <summary>The gateway's check: the URL Twilio called (from the raw target) and the sorted form, under the auth token.</summary>
internal static class Signature
{
    public static async ValueTask<object?> CheckAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var signature = http.Request.Headers["X-Twilio-Signature"].ToString();
        if (string.IsNullOrEmpty(signature))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : FormCollection.Empty;
        var parameters = form.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.ToUriComponent() + http.Request.QueryString;
        var url = $"{http.Request.Scheme}://{http.Request.Host}{target}";
        var valid = http.RequestServices.GetRequiredService<RequestValidator>().Validate(url, parameters, signature);
        return valid ? await next(context) : Results.StatusCode(StatusCodes.Status403Forbidden);
    }
}
