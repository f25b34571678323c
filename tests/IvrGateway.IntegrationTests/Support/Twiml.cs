using System.Xml.Linq;

namespace IvrGateway.IntegrationTests.Support;

/// <summary>A TwiML answer as a test reads it, with Twilio's nesting rules checked on arrival.</summary>
public sealed class Twiml
{
    private static readonly HashSet<string> Verbs = ["Say", "Play", "Pause", "Gather", "Dial", "Redirect", "Hangup", "Reject", "Record", "Enqueue", "Leave", "Sms", "Connect"];
    private static readonly HashSet<string> InGather = ["Say", "Play", "Pause"];
    private static readonly HashSet<string> InDial = ["Conference", "Number", "Client", "Sip", "Queue", "Sim"];

    public Twiml(string body, int statusCode, string? contentType)
    {
        Body = body;
        StatusCode = statusCode;
        ContentType = contentType;
        Document = XDocument.Parse(body);
    }

    public string Body { get; }

    public int StatusCode { get; }

    public string? ContentType { get; }

    public XDocument Document { get; }

    public XElement Root => Document.Root!;

    /// <summary>Everything the caller hears, in order, Gather prompts included.</summary>
    public IReadOnlyList<string> Said => Root.Descendants("Say").Select(s => s.Value).ToList();

    public string AllSaid => string.Join(" | ", Said);

    public XElement? Gather => Root.Element("Gather");

    public string? GatherAction => Gather?.Attribute("action")?.Value;

    public XElement? Conference => Root.Element("Dial")?.Element("Conference");

    public string? Label => Conference?.Attribute("participantLabel")?.Value;

    public bool StartsConference => Conference?.Attribute("startConferenceOnEnter")?.Value == "true";

    public bool HangsUp => Root.Elements().LastOrDefault()?.Name.LocalName == "Hangup";

    public string? SayLanguage => Root.Descendants("Say").FirstOrDefault()?.Attribute("language")?.Value;

    /// <summary>Throws unless this is a document Twilio would accept: the rules of TWILIO.md.</summary>
    public Twiml AssertValidForTwilio()
    {
        Assert.That(StatusCode, Is.EqualTo(200), Body);
        Assert.That(ContentType, Is.EqualTo("application/xml").Or.EqualTo("text/xml"));
        Assert.That(Body, Does.StartWith("<?xml"), "nothing before the XML declaration");
        Assert.That(Root.Name.LocalName, Is.EqualTo("Response"));
        foreach (var verb in Root.Elements())
        {
            Assert.That(Verbs, Does.Contain(verb.Name.LocalName), $"unknown verb {verb.Name}");
            switch (verb.Name.LocalName)
            {
                case "Gather":
                    Assert.That(verb.Elements().Select(e => e.Name.LocalName), Has.All.Matches<string>(InGather.Contains), "only Say, Play, Pause inside Gather");
                    Assert.That(Uri.IsWellFormedUriString(verb.Attribute("action")?.Value, UriKind.Absolute), Is.True, "Gather action is an absolute URL");
                    break;
                case "Dial":
                    Assert.That(verb.Elements().Select(e => e.Name.LocalName), Has.All.Matches<string>(InDial.Contains));
                    break;
                case "Redirect" or "Hangup":
                    Assert.That(verb.Elements(), Is.Empty);
                    break;
            }
        }
        Assert.That(Root.Descendants("Conference").All(c => c.Parent?.Name.LocalName == "Dial"), Is.True, "Conference only inside Dial");
        Assert.That(Root.Descendants().Where(e => e.Parent != Root && e.Name.LocalName is "Redirect" or "Hangup" or "Gather" or "Dial"), Is.Empty, "verbs never nested");
        foreach (var label in Root.Descendants("Conference").Select(c => c.Attribute("participantLabel")?.Value))
        {
            Assert.That(label, Is.Not.Null.And.Length.InRange(1, 128));
        }
        Assert.That(Body.Length, Is.LessThan(64 * 1024));
        return this;
    }
}
