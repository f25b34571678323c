using IvrGateway.CallLog;
using IvrGateway.Codes;
using IvrGateway.Conferences;
using IvrGateway.Demo;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Infrastructure.Http;
using IvrGateway.Infrastructure.RateLimiting;
using IvrGateway.Join;
using IvrGateway.Mail;
using IvrGateway.Mail.DevOutbox;
using IvrGateway.Ops;
using IvrGateway.Ops.Dashboard;
using IvrGateway.Organizers;
using IvrGateway.Portal;
using IvrGateway.Scheduling;
using IvrGateway.Voice;

var builder = WebApplication.CreateBuilder(args);

builder.AddInfrastructure();          // Redis, resilience pipelines, clock, JSON, problem details, key ring
builder.AddApiKeyAuthentication();    // API keys, roles and the management API's policies
builder.AddRateLimits();              // 429 for sign-in floods and wrong API keys, per address (and account)
builder.AddCodes();                   // access codes, passcodes, keyed hashing
builder.AddOrganizers();              // accounts, and the key directory authentication asks
builder.AddScheduling();              // meetings, windows, invitations
builder.AddVoice();                   // Twilio webhooks: the dial-in call flow from ivr-flows/ (and its health check)
builder.AddConferences();             // Twilio's REST API: Call me, host controls (mute, remove, lock, end), the live roster
builder.AddCallLog();                 // call log, attendance, security events
builder.AddMail();                    // mail: SMTP or the .eml outbox folder, the durable Redis outbox and its worker
builder.AddHealth();                  // liveness and readiness
builder.AddObservability();           // Prometheus metrics, JSON logs with redaction
builder.AddOpsDashboard();            // ops dashboard at /ops: live view, call log, its own sign-in cookie
builder.AddPortal();                  // organizer portal at /portal: its own sign-in cookie, schedule, meetings, settings
builder.AddJoin();                    // join online from the invitation link: the join page, browser tokens, one-use tickets
builder.AddDemo();                    // demo organizer and meeting for newcomers (Development, opt-in)
builder.Services.AddOpenApi();
builder.AddManagementPort();          // /metrics and /openapi on Management:Port only, when it is set

var app = builder.Build();

app.UseForwardedHeaders();     // scheme and host as Twilio saw them, from trusted proxies only
app.UseManagementPort();       // 404 for /metrics and /openapi off the management port (when one is set)
app.UseHstsInProduction();     // browsers keep to https; no HTTPS redirection (never on /voice)
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseWhen(http => http.Request.Path.StartsWithSegments("/ops") || http.Request.Path.StartsWithSegments("/portal") || http.Request.Path.StartsWithSegments("/assets"),
    pages => pages.UseStaticFiles()); // the pages' scripts and styles; webhooks skip the file lookup
app.UseSignInFormAccounts();   // the email a sign-in form posts, read before the limiter picks its per-account window
app.UseWhen(http => !http.Request.Path.StartsWithSegments("/voice"),
    limited => limited.UseRateLimiter()); // sign-in forms, per address and per account (the endpoint is already routed here); no
                                          // webhook has a limit (its partition is the no-limiter), so they skip the partition lookup and its lock
app.UseAuthentication();
app.UseAuthorization();

app.MapGroup("/api/v1")
    .AddEndpointFilter<RequestValidationFilter>() // unreadable bodies and invalid request records answer 400 here, once
    .MapOrganizerApi()
    .MapMeetingApi()
    .MapAttendanceApi()
    .MapCallLogApi()
    .MapMailApi()          // mail: a test message, dead letters (ops)
    .MapLockoutApi();      // lifting caller, host-PIN and meeting locks (each a security event)
app.MapVoice();
app.MapJoinPages();
app.MapOpsDashboard();
app.MapPortal();
app.MapDevOutbox();             // Development only: the .eml outbox at /dev/outbox
app.MapHealth();
app.MapMetrics();
app.MapOpenApi();

app.Run();

/// <summary>Visible to the test host.</summary>
public partial class Program;
