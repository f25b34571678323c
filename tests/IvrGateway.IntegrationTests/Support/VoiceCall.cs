using System.Security.Cryptography;
using IvrGateway.Simulator.Twilio;

namespace IvrGateway.IntegrationTests.Support;

/// <summary>
/// One phone call, played the way Twilio plays it against the in-process gateway: every request
/// signed, every Gather answered at its own action URL, callbacks posted where the TwiML says.
/// </summary>
/// <param name="verstat">Twilio's <c>StirVerstat</c>: <c>TN-Validation-Passed-A</c> (<see cref="Attested"/>) makes the number verified; none leaves it unattested.</param>
public sealed class VoiceCall(IvrApplication first, string from = "+12025550101", string to = "+15557650000", string? verstat = null)
{
    public const string Attested = "TN-Validation-Passed-A";

    private int sequence;

    public string CallSid { get; } = "CA" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string From => from;

    public Twiml? Last { get; private set; }

    /// <summary>Another gateway node can serve the next step: the call lives in Redis.</summary>
    public IvrApplication App { get; set; } = first;

    public Task<Twiml> DialAsync() => PostAsync("http://localhost/voice/incoming", Fields("ringing"));

    /// <summary>Types <paramref name="keys"/> at the current prompt, e.g. <c>1234567890#</c>.</summary>
    public Task<Twiml> PressAsync(string keys)
    {
        var action = Last?.GatherAction ?? throw new InvalidOperationException("No prompt is waiting for digits. Last answer: " + Last?.Body);
        var finish = Last.Gather!.Attribute("finishOnKey")?.Value ?? "#";
        var digits = finish.Length > 0 && keys.EndsWith(finish, StringComparison.Ordinal) ? keys[..^finish.Length] : keys;
        var fields = Fields("in-progress");
        fields["Digits"] = digits;
        fields["FinishedOnKey"] = keys.EndsWith(finish, StringComparison.Ordinal) ? finish : "";
        return PostAsync(action, fields);
    }

    /// <summary>Says nothing until the prompt times out (the Gather posts an empty result).</summary>
    public Task<Twiml> SilenceAsync() => PressAsync("");

    /// <summary>Posts to any step URL with any digits: for requests Twilio would not send in this order.</summary>
    public Task<Twiml> PostDigitsAsync(string url, string digits)
    {
        var fields = Fields("in-progress");
        fields["Digits"] = digits;
        return PostAsync(url, fields);
    }

    public Task<Twiml> JoinAsync() => ConferenceEventAsync("participant-join");

    public Task<Twiml> LeaveAsync() => ConferenceEventAsync("participant-leave");

    public async Task<Twiml> ConferenceEventAsync(string statusCallbackEvent)
    {
        var conference = Last?.Conference ?? throw new InvalidOperationException("The call was not bridged: " + Last?.Body);
        var fields = new Dictionary<string, string>
        {
            ["AccountSid"] = "AC" + new string('0', 32),
            ["ConferenceSid"] = "CF" + new string('1', 32),
            ["FriendlyName"] = conference.Value,
            ["StatusCallbackEvent"] = statusCallbackEvent,
            ["CallSid"] = CallSid,
            ["ParticipantLabel"] = conference.Attribute("participantLabel")!.Value,
            ["SequenceNumber"] = (++sequence).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Timestamp"] = App.Time.GetUtcNow().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        };
        var answer = await SendAsync(conference.Attribute("statusCallback")!.Value, fields, token: null);
        return answer;
    }

    /// <summary>The call ends; Twilio reports it to the number's status callback.</summary>
    public Task<Twiml> HangUpAsync(int durationSeconds = 60)
    {
        var fields = Fields("completed");
        fields["CallDuration"] = durationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return SendAsync("http://localhost/voice/status", fields, token: null);
    }

    public Dictionary<string, string> Fields(string status)
    {
        var fields = BaseFields(status);
        if (verstat is not null)
        {
            fields["StirVerstat"] = verstat;
        }
        return fields;
    }

    private Dictionary<string, string> BaseFields(string status) => new()
    {
        ["AccountSid"] = "AC" + new string('0', 32),
        ["ApiVersion"] = "2010-04-01",
        ["CallSid"] = CallSid,
        ["CallStatus"] = status,
        ["Called"] = to,
        ["Caller"] = from,
        ["Direction"] = "inbound",
        ["From"] = from,
        ["To"] = to,
        ["FromCountry"] = "US",
        ["ToCountry"] = "US",
    };

    /// <summary>Posts a flow request and remembers the answer, so the next press goes to its Gather.</summary>
    public async Task<Twiml> PostAsync(string url, Dictionary<string, string> fields, string? token = null)
    {
        Last = await SendAsync(url, fields, token ?? Guid.NewGuid().ToString());
        return Last;
    }

    /// <summary>The raw signed POST; a test may replay it with the same idempotency token, as Twilio's retry does.</summary>
    public async Task<Twiml> SendAsync(string url, Dictionary<string, string> fields, string? token, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", signature ?? TwilioSignature.Sign(IvrApplication.AuthToken, url, fields));
        if (token is not null)
        {
            request.Headers.Add("I-Twilio-Idempotency-Token", token);
        }
        using var client = App.Client();
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 200)
        {
            Assert.Fail($"{url} answered {(int)response.StatusCode}: {body}");
        }
        return new Twiml(body, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType).AssertValidForTwilio();
    }
}
