using System.Globalization;
using System.Security.Cryptography;
using IvrGateway.Simulator.Calls;

namespace IvrGateway.BrowserTests.Support;

/// <summary>Simulated phone calls into the gateway under test, and the open meetings they dial into.</summary>
internal static class Calls
{
    private static int lastNumber = 100;

    /// <summary>A caller number no other call in this run uses, so lockouts and labels never cross between tests.</summary>
    public static string NewNumber() => "+1202556" + Interlocked.Increment(ref lastNumber).ToString("0000", CultureInfo.InvariantCulture);

    /// <summary>A call SID chosen up front, so a test knows which row to look for before the call starts.</summary>
    public static string NewCallSid() => "CA" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A new organizer's meeting without a passcode, open now (its one-time code opens 15 minutes before the start).</summary>
    public static async Task<Conference> OpenMeetingAsync(string organizerName, CancellationToken ct)
    {
        var organizer = await DashboardHost.Api.NewOrganizerAsync(organizerName, ct);
        return await organizer.ScheduleAsync(TimeSpan.FromMinutes(5), new { passcodeMode = "none" }, [], ct);
    }

    public static CallOptions Options(string from, string callSid, TimeSpan stay) => new()
    {
        Gateway = DashboardHost.BaseUrl,
        AuthToken = DashboardHost.Gateway.Secrets.AuthToken,
        From = from,
        To = GatewayProcess.DialInNumber,
        CallSid = callSid,
        StayInConference = stay,
        // Real time, so the caller really is in the conference while the dashboard is watched.
        Fast = false,
    };

    /// <summary>The access code, then no answer to "if you are the organizer, press star": a participant.</summary>
    public static ScriptedKeypad Participant(Conference meeting) => new(meeting.AccessCode + "#", "-");
}

/// <summary>Sees a call's webhooks as they are answered, to time the dashboard against the call.</summary>
internal sealed class CallWatcher : ICallObserver
{
    private readonly TaskCompletionSource answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The gateway answered the call's first webhook: from here on the call is in progress.</summary>
    public Task Answered => answered.Task;

    /// <summary>Twilio's participant-join callback was answered: the caller is in the conference.</summary>
    public Task Joined => joined.Task;

    public void OnEvent(CallEvent callEvent)
    {
        if (callEvent is not WebhookExchange { Succeeded: true } exchange)
        {
            return;
        }
        if (exchange.Kind == WebhookKind.Twiml && exchange.Path.EndsWith("/voice/incoming", StringComparison.Ordinal))
        {
            answered.TrySetResult();
        }
        else if (exchange.Kind == WebhookKind.ConferenceStatus && exchange.Detail == "participant-join")
        {
            joined.TrySetResult();
        }
    }
}
