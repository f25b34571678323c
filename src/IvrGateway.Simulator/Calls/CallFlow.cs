using System.Globalization;
using IvrGateway.Simulator.Twilio;
using IvrGateway.Simulator.Twiml;

namespace IvrGateway.Simulator.Calls;

/// <summary>Follows the gateway's TwiML from the Voice URL to the end of the call, then reports the call's status.</summary>
internal sealed class CallFlow
{
    /// <summary>Call progress subscriptions and the <c>CallStatus</c> each reports, in the order Twilio sends them.</summary>
    private static readonly (string Subscription, string CallStatus)[] ProgressEvents =
        [("initiated", "initiated"), ("ringing", "ringing"), ("answered", "in-progress")];

    private readonly CallSession call;
    private readonly IKeypad keypad;
    private readonly PromptPlayer prompts;
    private readonly ConferenceLeg conference;
    private int statusSequence;

    public CallFlow(CallSession call, IKeypad keypad, ConferenceRegistry conferences)
    {
        this.call = call;
        this.keypad = keypad;
        prompts = new PromptPlayer(call);
        conference = new ConferenceLeg(call, conferences, prompts);
    }

    public async Task<CallResult> RunAsync(CancellationToken cancellationToken)
    {
        Ending ending;
        try
        {
            await ReportProgressAsync(cancellationToken);
            ending = await FollowAsync(cancellationToken);
        }
        catch (CallFailedException failure)
        {
            ending = Ending.Failed(failure.Error);
        }

        var callbacks = ending.Callbacks.ToList();
        // The REST API shows the call ended before the status callback tells the gateway so.
        call.Live.End(ending.CallStatus, BilledSeconds(), call.Clock.UtcNow);
        // Twilio reports the end of every call it placed, even after an application error; there is no one to tell when unreachable.
        if (ending.Error?.Kind is not CallErrorKind.Unreachable && call.Options.StatusCallbackUrl is not null)
        {
            await ReportStatusAsync(ending.CallStatus, cancellationToken);
            callbacks.Add(ending.CallStatus);
        }
        var duration = call.Clock.Elapsed;
        call.Emit(new CallEnded(ending.Outcome, ending.Reason, duration, callbacks));
        return new CallResult(call.Fields.CallSid, ending.Outcome, call.Conference, call.Events, duration, ending.Error);
    }

    private async Task<Ending> FollowAsync(CancellationToken cancellationToken)
    {
        var next = new NavigateStep(call.Options.VoiceUrl, call.Options.VoiceMethod, call.Options.Parameters);
        for (var documents = 1; ; documents++)
        {
            if (HungUp() is { } hungUp)
            {
                return hungUp.Ending;
            }
            if (documents > call.Options.MaxDocuments)
            {
                var described = $"{next.Method} {next.Url.PathAndQuery}";
                throw new CallFailedException(new CallError(CallErrorKind.InvalidTwiml,
                    $"The gateway's TwiML led to more than {call.Options.MaxDocuments} documents in one call: a redirect loop? (last: {described})", described));
            }
            var document = await call.FetchTwimlAsync(next.Url, next.Method, next.Fields, cancellationToken);
            var step = Step.Continue;
            foreach (var verb in document.Verbs)
            {
                step = HungUp() ?? await ExecuteAsync(verb, cancellationToken);
                if (step is not ContinueStep)
                {
                    break;
                }
            }
            switch (step)
            {
                case NavigateStep navigate:
                    next = navigate;
                    break;
                case EndStep end:
                    return end.Ending;
                default:
                    return new Ending(CallOutcome.Refused, "The TwiML ended without bridging the call, so Twilio hung up", "completed");
            }
        }
    }

    private async Task<Step> ExecuteAsync(TwimlVerb verb, CancellationToken cancellationToken)
    {
        if (verb is not RejectVerb)
        {
            call.Answered = true;
            call.Live.Answer(call.Clock.UtcNow);
        }
        switch (verb)
        {
            case GatherVerb gather:
                return await GatherAsync(gather, cancellationToken);
            case RedirectVerb redirect:
                call.Emit(new Redirected(redirect.Url, redirect.Method.Method, Followed: true));
                return new NavigateStep(redirect.Url, redirect.Method, []);
            case HangupVerb:
                return new EndStep(new Ending(CallOutcome.Refused, "The gateway hung up", "completed"));
            case RejectVerb reject:
                // Rejecting before answering is a busy signal; after answering it can only hang up.
                return new EndStep(new Ending(CallOutcome.Refused, $"The gateway rejected the call ({reject.Reason})", call.Answered ? "completed" : "busy"));
            case DialVerb dial:
                return new EndStep(await conference.JoinAsync(dial.Conference, cancellationToken));
            default:
                await prompts.PlayAsync(verb, waiting: false, cancellationToken);
                return Step.Continue;
        }
    }

    private async Task<Step> GatherAsync(GatherVerb gather, CancellationToken cancellationToken)
    {
        foreach (var prompt in gather.Prompts)
        {
            await prompts.PlayAsync(prompt, waiting: false, cancellationToken);
        }
        var entry = await keypad.NextEntryAsync(new GatherPrompt(gather.FinishOnKey, gather.NumDigits, gather.Timeout), cancellationToken);
        if (entry.Action == KeypadAction.HangUp)
        {
            return new EndStep(new Ending(CallOutcome.CallerHungUp, "The caller hung up", "completed"));
        }

        var input = entry.Action == KeypadAction.Silence ? new GatherInput("", "", false) : GatherInput.Read(entry.Keys, gather.FinishOnKey, gather.NumDigits);
        if (!input.Complete)
        {
            // Twilio waits out the timeout before it gives up on more keys.
            call.Clock.Skip(gather.Timeout);
        }
        if (entry.Action == KeypadAction.Press)
        {
            call.Emit(new KeysPressed(entry.Keys, input.Digits, input.FinishedOnKey));
        }
        if (input.Digits.Length == 0)
        {
            call.Emit(new NoInput(input.Complete ? TimeSpan.Zero : gather.Timeout, !gather.ActionOnEmptyResult));
            if (!gather.ActionOnEmptyResult)
            {
                return Step.Continue;
            }
        }
        return new NavigateStep(gather.Action, gather.Method, [new("Digits", input.Digits), new("FinishedOnKey", input.FinishedOnKey)]);
    }

    /// <summary>A hang-up through the REST API ends the call before its next document or verb.</summary>
    private EndStep? HungUp() =>
        call.Live.HangUpReason is { } reason ? new EndStep(new Ending(CallOutcome.CallerHungUp, reason, "completed")) : null;

    private int BilledSeconds() => call.Answered ? (int)Math.Round(call.Clock.Elapsed.TotalSeconds, MidpointRounding.AwayFromZero) : 0;

    /// <summary>The call progress events the call subscribed to, before its first request (a placed call's <c>StatusCallbackEvent</c>).</summary>
    private async Task ReportProgressAsync(CancellationToken cancellationToken)
    {
        if (call.Options.StatusCallbackUrl is null)
        {
            return;
        }
        foreach (var (subscription, callStatus) in ProgressEvents)
        {
            if (call.Options.StatusCallbackEvents.Contains(subscription))
            {
                if (callStatus == "in-progress")
                {
                    call.Live.Answer(call.Clock.UtcNow);
                }
                await SendStatusAsync(callStatus, [], cancellationToken);
            }
        }
    }

    private Task ReportStatusAsync(string callStatus, CancellationToken cancellationToken)
    {
        var seconds = BilledSeconds();
        // Duration is billed minutes: rounded up, and at least one for an answered call.
        var minutes = call.Answered ? Math.Max(1, (seconds + 59) / 60) : 0;
        return SendStatusAsync(callStatus,
        [
            new("CallDuration", seconds.ToString(CultureInfo.InvariantCulture)),
            new("Duration", minutes.ToString(CultureInfo.InvariantCulture)),
        ], cancellationToken);
    }

    private async Task SendStatusAsync(string callStatus, KeyValuePair<string, string>[] extra, CancellationToken cancellationToken)
    {
        var fields = call.Fields.With(callStatus,
        [
            .. extra,
            new("Timestamp", CallFields.Timestamp(call.Clock.UtcNow)),
            new("SequenceNumber", (statusSequence++).ToString(CultureInfo.InvariantCulture)),
            new("CallbackSource", "call-progress-events"),
        ]);
        await call.SendAsync(WebhookKind.CallStatus, callStatus, new WebhookRequest(call.Options.StatusCallbackMethod, call.Options.StatusCallbackUrl!, fields), cancellationToken);
    }
}
