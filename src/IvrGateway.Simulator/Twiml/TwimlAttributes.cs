using System.Globalization;
using System.Xml.Linq;

namespace IvrGateway.Simulator.Twiml;

/// <summary>Reads verb attributes with Twilio's defaults; a value Twilio would refuse is invalid TwiML.</summary>
internal static class TwimlAttributes
{
    public static string? Text(this XElement element, string name) => element.Attribute(name)?.Value;

    public static int Integer(this XElement element, string name, int fallback, int minimum)
    {
        var text = element.Text(name);
        if (text is null)
        {
            return fallback;
        }
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum)
        {
            throw new TwimlException($"<{element.Name} {name}=\"{text}\"> must be a whole number of at least {minimum}");
        }
        return value;
    }

    public static bool Flag(this XElement element, string name, bool fallback)
    {
        var text = element.Text(name);
        return text?.Trim().ToLowerInvariant() switch
        {
            null => fallback,
            "true" => true,
            "false" => false,
            _ => throw new TwimlException($"<{element.Name} {name}=\"{text}\"> must be true or false"),
        };
    }

    public static HttpMethod Method(this XElement element, string name)
    {
        var text = element.Text(name);
        return text?.Trim().ToUpperInvariant() switch
        {
            null or "POST" => HttpMethod.Post,
            "GET" => HttpMethod.Get,
            _ => throw new TwimlException($"<{element.Name} {name}=\"{text}\"> must be GET or POST"),
        };
    }

    /// <summary>Resolves a URL relative to the document it appears in, as Twilio does.</summary>
    public static Uri Url(this XElement element, string text, Uri document, string what)
    {
        if (!Uri.TryCreate(document, text.Trim(), out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new TwimlException($"<{element.Name}> {what} \"{text}\" is not an http(s) URL");
        }
        return url;
    }

    public static Uri? OptionalUrl(this XElement element, string name, Uri document)
    {
        var text = element.Text(name);
        return string.IsNullOrWhiteSpace(text) ? null : element.Url(text, document, name);
    }
}
