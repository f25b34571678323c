using System.Threading.RateLimiting;
using IvrGateway.Codes;
using IvrGateway.Infrastructure.RateLimiting;
using IvrGateway.Scheduling;
using IvrGateway.Voice.Client;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace IvrGateway.Join;

/// <summary>Joining from the invitation link: the join page, its calendar entry, the browser's token endpoint, the Voice SDK.</summary>
internal static class JoinRegistration
{
    public const string SessionRateLimit = "join-session";

    /// <summary>
    /// The join page's policy: scripts and styles from this origin only (nothing inline), and what Twilio's Voice SDK needs:
    /// its signalling and media over wss/https to *.twilio.com, its sounds, the microphone.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
        "connect-src 'self' wss://*.twilio.com https://*.twilio.com; media-src 'self' blob: https://*.twilio.com; worker-src 'self' blob:; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// With the simulated SDK (<see cref="BrowserAudioOptions.VoiceSdkSimulatorUrl"/>, Development only) the page talks to the fake
    /// Twilio's origin and to no Twilio host: that origin is allowed in this mode only.
    /// </summary>
    public static string ContentSecurityPolicyFor(BrowserAudioOptions audio) =>
        audio.VoiceSdkSimulatorOrigin is { } simulator
            ? "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' " + simulator + "; media-src 'self'; " +
              "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
            : ContentSecurityPolicy;

    public static WebApplicationBuilder AddJoin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BrowserAudioOptions>().BindConfiguration(BrowserAudioOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BrowserAudioOptions>, BrowserAudioOptionsValidator>();
        services.AddClientCalls();
        services.AddSingleton(static sp => new JoinInvitations(sp.GetRequiredService<MeetingStore>(), sp.GetRequiredService<MeetingViews>(),
            sp.GetRequiredService<SecretHasher>()));
        services.AddSingleton<JoinGuessStore>();
        services.AddSingleton<BrowserTokens>();
        services.AddSingleton<WebAdmission>();
        services.AddOptions<RateLimiterOptions>().Configure(static o => o.AddPolicy(SessionRateLimit, new SessionLimit()));
        return builder;
    }

    public static WebApplication MapJoinPages(this WebApplication app)
    {
        var policy = ContentSecurityPolicyFor(app.Services.GetRequiredService<IOptions<BrowserAudioOptions>>().Value);
        app.UseWhen(static http => http.Request.Path.StartsWithSegments("/join") || HostBrowserPage(http.Request.Path),
            branch => branch.Use((http, next) =>
            {
                // Registered before the portal's headers (MapJoinPages runs before MapPortal), so on the host's page this
                // callback runs after the portal's and its policy (with Twilio's origins) is the one sent.
                http.Response.OnStarting(state =>
                {
                    var headers = ((HttpResponse)state).Headers;
                    headers.ContentSecurityPolicy = policy;
                    headers.XFrameOptions = "DENY";
                    headers["Referrer-Policy"] = "no-referrer";
                    headers["Permissions-Policy"] = "microphone=(self), camera=(), geolocation=()";
                    headers.XContentTypeOptions = "nosniff";
                    headers.CacheControl = "no-store";
                    return Task.CompletedTask;
                }, http.Response);
                return next(http);
            }));
        // The page's script, the vendored SDK and its local stand-in; their names are too short to be a join token, so no route takes them.
        app.UseWhen(static http => http.Request.Path.StartsWithSegments("/join"), static branch => branch.UseStaticFiles());
        app.MapGet("/join/{token}/invite.ics", JoinCalendar.CalendarAsync).ExcludeFromDescription();
        app.MapPost("/join/{token}/session", SessionAsync).RequireRateLimiting(SessionRateLimit).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static bool HostBrowserPage(PathString path) =>
        path.StartsWithSegments("/portal/meetings") && path.Value!.EndsWith("/browser", StringComparison.Ordinal);

    /// <summary>
    /// <c>POST /join/{token}/session</c>: the form the page's script sends (antiforgery token, the pop-up's passcode, the page id).
    /// Answers the token and ticket, or a refusal in the page's language.
    /// </summary>
    private static async Task<IResult> SessionAsync(string token, HttpContext http, IAntiforgery antiforgery, JoinInvitations invitations,
        WebAdmission admission)
    {
        http.Response.Headers.CacheControl = "no-store";
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "Reload the page and try again.");
        }
        if (!http.Request.HasFormContentType)
        {
            // The antiforgery token may come in a header, so a JSON body can get this far: a clear 400, not a failed form read.
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "Send the join form.");
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var texts = JoinTexts.Named(form["lang"].ToString()) ?? JoinTexts.English;
        var invitation = await invitations.FindAsync(token, http.RequestAborted);
        if (invitation is null)
        {
            return Results.Json(new SessionRefusal("notFound", texts.NotFound, 0), statusCode: StatusCodes.Status404NotFound);
        }
        var attempt = await admission.InviteeAsync(invitation, form["passcode"].ToString(), form["page"].ToString(), ClientAddress.Of(http), texts.Locale,
            http.RequestAborted);
        return Reply(attempt, texts);
    }

    internal static IResult Reply(JoinAttempt attempt, JoinTexts texts)
    {
        if (attempt.Session is { } s)
        {
            return Results.Json(new SessionReply(s.Token, s.Ticket, s.Identity, s.TokenExpiresAt));
        }
        var refusal = attempt.Refusal!.Value;
        var status = refusal switch
        {
            JoinRefusal.WrongPasscode or JoinRefusal.FreshPageNeeded => StatusCodes.Status422UnprocessableEntity,
            JoinRefusal.TooManyFromAddress => StatusCodes.Status429TooManyRequests,
            JoinRefusal.Locked => StatusCodes.Status423Locked,
            JoinRefusal.NotYetOpen => StatusCodes.Status409Conflict,
            JoinRefusal.NotConfigured => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status410Gone,
        };
        var name = char.ToLowerInvariant(refusal.ToString()[0]) + refusal.ToString()[1..];
        return Results.Json(new SessionRefusal(name, texts.Refusal(refusal, attempt.TriesLeft), attempt.TriesLeft), statusCode: status);
    }

    private sealed record SessionReply(string Token, string Ticket, string Identity, DateTimeOffset ExpiresAt);

    private sealed record SessionRefusal(string Refusal, string Message, int TriesLeft);

    /// <summary>Token requests per browser address: plenty for people, little for a script.</summary>
    private sealed class SessionLimit : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = static async (context, _) =>
            await RateLimitRegistration.TooManyRequests(context.HttpContext, TimeSpan.FromMinutes(1), "Too many join attempts from this address.");

        public RateLimitPartition<string> GetPartition(HttpContext http) =>
            RateLimitPartition.GetFixedWindowLimiter("join:" + ClientAddress.Of(http),
                static _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }
}

/// <summary>A join attempt as the page's script reads it, for a Razor page handler (the host's browser join).</summary>
public sealed class JoinReplyResult(JoinAttempt attempt) : Microsoft.AspNetCore.Mvc.IActionResult
{
    public Task ExecuteResultAsync(Microsoft.AspNetCore.Mvc.ActionContext context) =>
        JoinRegistration.Reply(attempt, JoinTexts.English).ExecuteAsync(context.HttpContext);
}
