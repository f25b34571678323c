using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using IvrGateway.Codes;
using IvrGateway.Voice.Flow;
using HttpMethod = Twilio.Http.HttpMethod;
using Twilio.TwiML;
using Twilio.TwiML.Voice;

namespace IvrGateway.Voice.Twiml;

/// <summary>The TwiML documents of the flow, in one locale. Built with Twilio's types, never by hand.</summary>
public sealed class CallTwiml(FlowLocale locale, VoiceUrls urls)
{
    public FlowLocale Locale { get; } = locale;

    public VoiceUrls Urls { get; } = urls;

    /// <summary>Says <paramref name="before"/> then asks the step's question, gathering digits.</summary>
    public VoiceResponse Ask(FlowStep step, string? slotId, string? organizerId, params string[] before)
    {
        var response = new VoiceResponse();
        // actionOnEmptyResult: silence also comes back to the step, which counts it as a try.
        var gather = new Gather(
            input: [Gather.InputEnum.Dtmf],
            action: Urls.Step(step.Name, slotId, organizerId),
            method: HttpMethod.Post,
            timeout: step.TimeoutSeconds,
            finishOnKey: step.FinishOnKey,
            numDigits: step.Type == StepType.OrganizerOffer ? 1 : null,
            actionOnEmptyResult: true);
        foreach (var key in before)
        {
            gather.Append(Say(key));
        }
        gather.Append(Say(step.Prompt!));
        response.Append(gather);
        return response;
    }

    /// <summary>
    /// <see cref="Ask"/> as text. Without a slot the document depends only on the locale, the step, the prompts before its
    /// question and the action URL (a handful per step: base, shard, trust, attempt), so each is rendered once and kept:
    /// the first webhook and every retry of the access code would otherwise build the same XDocument each time. With a
    /// slot (one URL per meeting) it is rendered afresh. The cache is bounded, so odd URLs cannot grow it.
    /// </summary>
    public string AskXml(FlowStep step, params string[] before)
    {
        var key = (step, Urls.Step(step.Name).OriginalString, string.Join('\n', before));
        var rendered = RenderedAsks.GetOrCreateValue(Locale);
        if (rendered.TryGetValue(key, out var xml))
        {
            return xml;
        }
        xml = Ask(step, null, null, before).ToString();
        if (rendered.Count < MaxRenderedAsks)
        {
            rendered.TryAdd(key, xml);
        }
        return xml;
    }

    private const int MaxRenderedAsks = 4096;

    private static readonly ConditionalWeakTable<FlowLocale, ConcurrentDictionary<(FlowStep Step, string Action, string Before), string>> RenderedAsks = new();

    /// <summary>Says a last message and hangs up.</summary>
    public VoiceResponse Goodbye(string key, IReadOnlyDictionary<string, string>? values = null)
    {
        var response = new VoiceResponse();
        response.Append(Say(key, values));
        response.Hangup();
        return response;
    }

    /// <summary>
    /// A fixed goodbye as text, rendered once per locale and key: every recorded step hands the shard the
    /// goodbyes a replay might need, so rendering them afresh each time would be most of the step's TwiML work.
    /// </summary>
    public string GoodbyeXml(string key) =>
        RenderedGoodbyes.GetOrCreateValue(Locale).GetOrAdd(key, static (k, twiml) => twiml.Goodbye(k).ToString(), this);

    // Keyed by the loaded locale object, so a flow loaded again (a new host, a test) never reads another's text.
    private static readonly ConditionalWeakTable<FlowLocale, ConcurrentDictionary<string, string>> RenderedGoodbyes = new();

    /// <summary>
    /// Into the meeting's conference under the caller's label. The host starts it; other callers
    /// of a wait-for-host meeting hear the waiting message and music until the host arrives.
    /// </summary>
    public VoiceResponse Bridge(Admission admission, string slotId)
    {
        var response = new VoiceResponse();
        var names = new Dictionary<string, string> { ["name"] = admission.Label };
        response.Append(Say(admission.IsHost ? "joiningAsHost" : "joining", names));
        var starts = admission.IsHost || !admission.WaitForHost;
        var dial = new Dial();
        dial.Conference(
            admission.Conference,
            startConferenceOnEnter: starts,
            endConferenceOnExit: false,
            waitUrl: Urls.Wait(Locale.Name, waitingForOrganizer: !starts),
            waitMethod: HttpMethod.Post,
            statusCallback: Urls.Conference(slotId, admission.MeetingId),
            statusCallbackMethod: HttpMethod.Post,
            statusCallbackEvent: [Conference.EventEnum.Start, Conference.EventEnum.End, Conference.EventEnum.Join, Conference.EventEnum.Leave],
            participantLabel: admission.Label);
        response.Append(dial);
        response.Append(Say("meetingEnded"));
        response.Hangup();
        return response;
    }

    /// <summary>What callers hear while the conference has not started (a waitUrl document).</summary>
    public VoiceResponse WaitRoom(bool waitingForOrganizer, Uri music)
    {
        var response = new VoiceResponse();
        if (waitingForOrganizer)
        {
            response.Append(Say("waitingForOrganizer"));
        }
        response.Play(music, loop: 0);
        return response;
    }

    public Say Say(string key, IReadOnlyDictionary<string, string>? values = null) =>
        new(Locale.Text(key, values), voice: Locale.Voice, language: Locale.Language);
}
