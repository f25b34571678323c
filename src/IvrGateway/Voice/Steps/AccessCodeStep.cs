using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Voice.Flow;
using IvrGateway.Voice.State;
using Microsoft.Extensions.Options;

namespace IvrGateway.Voice.Steps;

/// <summary>
/// The access code, <c>#</c>-terminated, or <c>ACCESSCODE*HOSTPIN</c> for an organizer in one go.
/// A wrong check digit is answered without a lookup; every lookup (hit or miss) spends the
/// caller's budget, because "too early", "cancelled" and "expired" reveal that a code exists.
/// </summary>
public sealed class AccessCodeStep(IvrFlow flow, CodeLookup lookup, CallerShardStore calls, Admitter admitter, SecretHasher hasher, FailureRateAlarm alarm,
    IOptions<BruteForceOptions> bruteForce, TimeProvider time) : IFlowStep
{
    public StepType Type => StepType.AccessCode;

    public async Task<StepAnswer> AnswerAsync(StepContext context, CancellationToken ct)
    {
        var step = context.Step;
        var typed = context.Request.Digits ?? "";
        if (Digits.IsEmpty(typed))
        {
            return await RetryAsync(context, Outcomes.NoInput, "noInput", ct);
        }
        var parts = typed.Split('*', 2);
        var code = parts[0];
        var pin = parts.Length == 2 ? parts[1] : null;
        if (!AccessCodes.IsWellFormed(code) || (pin is not null && !Digits.AreAll(pin, Passcodes.HostPinLength * 2)))
        {
            return await RetryAsync(context, Outcomes.BadFormat, "badFormat", ct);
        }

        var match = await lookup.FindAsync(code, context.Now, ct);
        // Under a distributed guessing attack an unverified caller's lookup is answered after a hold: it costs a botnet
        // of spoofed numbers time per guess, and an honest caller two seconds. The hold is on the injected clock.
        var hold = bruteForce.Value.UnverifiedHoldMilliseconds;
        if (!context.Request.Caller.Verified && hold > 0 && alarm.IsOn(context.Now))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(hold), time, ct);
        }
        switch (match.State)
        {
            case CodeState.Unknown:
                alarm.RecordFailure(context.Now);
                return await RetryAsync(context, Outcomes.UnknownCode, "unknownCode", ct, failure: true);
            case CodeState.NotYetActive:
                var times = EarlyCallerTimes(match, context.Twiml.Locale);
                // A code that opens the evening before a just-after-midnight start must say which day.
                var prompt = times["openDate"] == times["startDate"] ? "notYetActive" : "notYetActiveOtherDay";
                return await EndAsync(context, Outcomes.NotYetActive, match, prompt, times, ct);
            case CodeState.Cancelled:
                return await EndAsync(context, Outcomes.Cancelled, match, "cancelled", null, ct);
            case CodeState.Expired:
                return await EndAsync(context, Outcomes.Expired, match, "expired", null, ct);
        }

        var admitted = context with { SlotId = match.SlotId, OrganizerId = match.OrganizerId };
        if (pin is not null)
        {
            // The lookup is spent when the outcome is recorded, after the PIN is checked.
            return await admitter.HostAsync(admitted, hasher.HostPin(match.OrganizerId, pin), ct, spendsLookup: true);
        }
        var next = flow.Next(step, match.PasscodeMode == PasscodeMode.None ? "noPasscode" : "passcode");
        if (next.Type == StepType.Bridge)
        {
            return await admitter.GuestAsync(admitted, ct);
        }
        return await context.RecordAsync(calls, new StepRecord(step.Name, Verdict.Proceed, context.Event(Outcomes.Ok, match.MeetingId),
                SpendsLookup: true, NextStep: next.Name,
                Facts: new CallFacts(SlotId: match.SlotId, OrganizerId: match.OrganizerId, MeetingId: match.MeetingId ?? "",
                    CodeKind: match.Kind == AccessCodeKind.OneTime ? "onetime" : "personal")),
            () => context.Twiml.Ask(next, match.SlotId, match.OrganizerId), context.Apology, ct);
    }

    private Task<StepAnswer> RetryAsync(StepContext context, string outcome, string prompt, CancellationToken ct, bool failure = false) =>
        context.RecordAsync(calls, new StepRecord(context.Step.Name, Verdict.Retry, context.Event(outcome), context.Step.Tries, CountsAsFailure: failure,
            SpendsLookup: failure), context.Apology, () => new StepAnswer(context.Twiml.AskXml(context.Step, prompt)), ct);

    private Task<StepAnswer> EndAsync(StepContext context, string outcome, CodeMatch match, string prompt,
        IReadOnlyDictionary<string, string>? values, CancellationToken ct) =>
        context.RecordAsync(calls, new StepRecord(context.Step.Name, Verdict.End, context.Event(outcome, match.MeetingId), SpendsLookup: true),
            () => context.Twiml.Goodbye(prompt, values), () => context.Twiml.Goodbye(prompt, values), ct);

    /// <summary>When the meeting starts and when its code opens, in the meeting's time zone and the caller's language.</summary>
    internal static Dictionary<string, string> EarlyCallerTimes(CodeMatch match, FlowLocale locale)
    {
        var zone = TimeZones.FindIana(match.TimeZone) ?? TimeZoneInfo.Utc;
        var start = TimeZoneInfo.ConvertTime(match.Start!.Value, zone);
        var opens = TimeZoneInfo.ConvertTime(match.ActiveFrom!.Value, zone);
        return new Dictionary<string, string>
        {
            ["startTime"] = locale.Time(start),
            ["startDate"] = locale.Date(start),
            ["openTime"] = locale.Time(opens),
            ["openDate"] = locale.Date(opens),
            ["timeZone"] = SpokenZone(zone),
        };
    }

    /// <summary>"America/New_York" is said as "New York"; UTC stays UTC.</summary>
    internal static string SpokenZone(TimeZoneInfo zone)
    {
        var id = zone.Id;
        var city = id.Contains('/', StringComparison.Ordinal) ? id[(id.LastIndexOf('/') + 1)..] : id;
        return city.Replace('_', ' ');
    }
}
