using System.Xml;
using System.Xml.Linq;

namespace IvrGateway.Simulator.Twiml;

/// <summary>Parses a TwiML document and enforces the nesting rules Twilio applies.</summary>
internal static class TwimlReader
{
    private static readonly HashSet<string> WaitVerbs = ["Play", "Say", "Pause", "Redirect"];
    private static readonly HashSet<string> GatherPrompts = ["Say", "Play", "Pause"];
    private static readonly HashSet<string> DialNouns = ["Conference", "Number", "Client", "Sip", "Queue", "Application"];
    private static readonly HashSet<string> UnsimulatedVerbs =
        ["Record", "Enqueue", "Leave", "Connect", "Start", "Stop", "Stream", "Pay", "Refer", "Sms", "Message", "Echo"];
    private static readonly HashSet<string> FinishKeys = ["", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"];
    private static readonly HashSet<string> ConferenceEvents = ["start", "end", "join", "leave", "mute", "hold", "modify", "speaker", "announcement"];
    private static readonly HashSet<string> BeepValues = ["true", "false", "onEnter", "onExit"];
    private const int MaxParticipantLabel = 128;

    public static TwimlDocument Read(string xml, Uri documentUrl, TwimlScope scope)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(xml);
        }
        catch (XmlException exception)
        {
            throw new TwimlException($"the body is not XML ({exception.Message})");
        }
        var root = document.Root!;
        if (root.Name != "Response")
        {
            throw new TwimlException($"the root element is <{root.Name}>, not <Response>");
        }
        NoText(root);
        var verbs = root.Elements().Select(element => ReadVerb(element, documentUrl, scope)).ToList();
        return new TwimlDocument(documentUrl, verbs);
    }

    private static TwimlVerb ReadVerb(XElement element, Uri url, TwimlScope scope)
    {
        var name = element.Name.ToString();
        if (scope == TwimlScope.Wait && !WaitVerbs.Contains(name))
        {
            throw new TwimlException($"<{name}> is not allowed in a waitUrl document (only Play, Say, Pause and Redirect)");
        }
        return name switch
        {
            "Say" => ReadSay(element),
            "Play" => ReadPlay(element, url),
            "Pause" => ReadPause(element),
            "Gather" => ReadGather(element, url),
            "Redirect" => ReadRedirect(element, url),
            "Hangup" => Empty(element, new HangupVerb()),
            "Reject" => ReadReject(element),
            "Dial" => ReadDial(element, url),
            _ when DialNouns.Contains(name) => throw new TwimlException($"<{name}> is only allowed inside <Dial>"),
            _ when UnsimulatedVerbs.Contains(name) => throw new TwimlException($"<{name}> is valid TwiML but the simulator does not play it", unsupported: true),
            _ => throw new TwimlException($"<{name}> is not a TwiML verb (names are case-sensitive)"),
        };
    }

    private static SayVerb ReadSay(XElement element) =>
        // SSML children such as <break> or <prosody> are allowed; the caller hears their text.
        new(element.Value.Trim(), element.Text("voice"), element.Text("language"), element.Integer("loop", 1, 0));

    private static PlayVerb ReadPlay(XElement element, Uri url)
    {
        NoChildren(element);
        var digits = element.Text("digits");
        if (digits is not null)
        {
            if (digits.Length == 0 || digits.Any(key => !(char.IsAsciiDigit(key) || key is '*' or '#' or 'w' or 'W')))
            {
                throw new TwimlException($"<Play digits=\"{digits}\"> may only hold 0-9, *, # and w");
            }
            return new PlayVerb(null, digits, element.Integer("loop", 1, 0));
        }
        if (string.IsNullOrWhiteSpace(element.Value))
        {
            throw new TwimlException("<Play> needs an audio URL as its text");
        }
        return new PlayVerb(element.Url(element.Value, url, "URL"), null, element.Integer("loop", 1, 0));
    }

    private static PauseVerb ReadPause(XElement element) =>
        Empty(element, new PauseVerb(TimeSpan.FromSeconds(element.Integer("length", 1, 0))));

    private static GatherVerb ReadGather(XElement element, Uri url)
    {
        NoText(element);
        var input = element.Text("input") ?? "dtmf";
        if (!input.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("dtmf"))
        {
            throw new TwimlException($"<Gather input=\"{input}\"> listens for speech only, which the simulator cannot produce", unsupported: true);
        }
        var finishOnKey = element.Text("finishOnKey") ?? "#";
        if (!FinishKeys.Contains(finishOnKey))
        {
            throw new TwimlException($"<Gather finishOnKey=\"{finishOnKey}\"> must be one key (0-9, * or #) or empty");
        }
        var prompts = new List<TwimlVerb>();
        foreach (var child in element.Elements())
        {
            var name = child.Name.ToString();
            if (!GatherPrompts.Contains(name))
            {
                throw new TwimlException($"<{name}> is not allowed inside <Gather> (only Say, Play and Pause)");
            }
            if (name == "Play" && child.Attribute("digits") is not null)
            {
                throw new TwimlException("<Play digits> is not allowed inside <Gather>");
            }
            prompts.Add(ReadVerb(child, url, TwimlScope.Call));
        }
        var action = element.OptionalUrl("action", url) ?? url;
        var numDigits = element.Attribute("numDigits") is null ? (int?)null : element.Integer("numDigits", 0, 1);
        return new GatherVerb(action, element.Method("method"), TimeSpan.FromSeconds(element.Integer("timeout", 5, 1)),
            finishOnKey, numDigits, element.Flag("actionOnEmptyResult", false), prompts);
    }

    private static RedirectVerb ReadRedirect(XElement element, Uri url)
    {
        NoChildren(element);
        if (string.IsNullOrWhiteSpace(element.Value))
        {
            throw new TwimlException("<Redirect> needs a URL as its text");
        }
        return new RedirectVerb(element.Url(element.Value, url, "URL"), element.Method("method"));
    }

    private static RejectVerb ReadReject(XElement element)
    {
        var reason = element.Text("reason") ?? "rejected";
        return reason is "rejected" or "busy"
            ? Empty(element, new RejectVerb(reason))
            : throw new TwimlException($"<Reject reason=\"{reason}\"> must be rejected or busy");
    }

    private static DialVerb ReadDial(XElement element, Uri url)
    {
        var nouns = element.Elements().ToList();
        foreach (var noun in nouns)
        {
            var name = noun.Name.ToString();
            if (!DialNouns.Contains(name))
            {
                throw new TwimlException($"<{name}> is not allowed inside <Dial>");
            }
            if (name != "Conference")
            {
                throw new TwimlException($"<Dial><{name}> is valid TwiML but the simulator only plays <Dial><Conference>", unsupported: true);
            }
        }
        if (nouns.Count == 0)
        {
            throw new TwimlException($"<Dial>{element.Value.Trim()}</Dial> dials a number; the simulator only plays <Dial><Conference>", unsupported: true);
        }
        if (nouns.Count > 1)
        {
            throw new TwimlException("<Dial> may hold only one <Conference>");
        }
        return new DialVerb(ReadConference(nouns[0], url));
    }

    private static ConferenceNoun ReadConference(XElement element, Uri url)
    {
        NoChildren(element);
        var room = element.Value.Trim();
        if (room.Length == 0)
        {
            throw new TwimlException("<Conference> needs the room name as its text");
        }
        var label = element.Text("participantLabel");
        if (label is { Length: > MaxParticipantLabel })
        {
            throw new TwimlException($"<Conference participantLabel> is {label.Length} characters; Twilio allows {MaxParticipantLabel}");
        }
        var beep = element.Text("beep") ?? "true";
        if (!BeepValues.Contains(beep))
        {
            throw new TwimlException($"<Conference beep=\"{beep}\"> must be true, false, onEnter or onExit");
        }
        var events = (element.Text("statusCallbackEvent") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        if (events.FirstOrDefault(name => !ConferenceEvents.Contains(name)) is { } unknown)
        {
            throw new TwimlException($"<Conference statusCallbackEvent> has \"{unknown}\"; Twilio knows {string.Join(' ', ConferenceEvents)}");
        }
        return new ConferenceNoun(
            room,
            label,
            element.Flag("startConferenceOnEnter", true),
            element.Flag("endConferenceOnExit", false),
            element.OptionalUrl("waitUrl", url),
            element.Method("waitMethod"),
            beep,
            element.OptionalUrl("statusCallback", url),
            events,
            element.Method("statusCallbackMethod"));
    }

    private static T Empty<T>(XElement element, T verb)
    {
        NoChildren(element);
        NoText(element);
        return verb;
    }

    private static void NoChildren(XElement element)
    {
        if (element.Elements().FirstOrDefault() is { } child)
        {
            throw new TwimlException($"<{child.Name}> is not allowed inside <{element.Name}>");
        }
    }

    private static void NoText(XElement element)
    {
        if (element.Nodes().OfType<XText>().FirstOrDefault(text => !string.IsNullOrWhiteSpace(text.Value)) is { } stray)
        {
            throw new TwimlException($"<{element.Name}> holds stray text \"{Truncate(stray.Value.Trim(), 40)}\"");
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
