using System.Globalization;
using System.Text.RegularExpressions;
using IvrGateway.Voice.State;

namespace IvrGateway.Voice.Twilio;

/// <summary>
/// The fields of a Twilio voice webhook the gateway uses, read defensively: a missing or
/// malformed field becomes a safe default, never an exception, because the caller must hear TwiML.
/// </summary>
public sealed partial record VoiceRequest(
    string? CallSid,
    string From,
    string? To,
    string? Digits,
    string? IdempotencyToken,
    IFormCollection Form)
{
    public const int MaxDigitsLength = 64;

    /// <summary>The highest attempt number a step URL may carry (no step allows more tries).</summary>
    public const int MaxAttempt = 20;

    private CallerIdentity? caller;

    /// <summary>The shards the caller is placed in when the URL carries no route (<see cref="BindAsync"/> sets them).</summary>
    public CallShards Shards { get; init; } = CallShards.Default;

    /// <summary>
    /// Whose budgets this call spends and in which shard it lives: from the signed URL's <c>s</c> and
    /// <c>c</c> when the request carries them (every step URL), else chosen from <c>From</c>,
    /// <c>StirVerstat</c> and <c>To</c> (the first request).
    /// </summary>
    public CallerIdentity Caller
    {
        get => caller ??= CallerIdentity.Of(From, Field("StirVerstat"), To, Shards);
        init => caller = value;
    }

    /// <summary>Which try at its step this request answers (the URL's <c>n</c>), 0 when the URL carries none.</summary>
    public int Attempt { get; init; }

    /// <summary>True when the URL carried a valid shard, trust and attempt: the route every step URL the gateway issues has.</summary>
    public bool HasRoute { get; init; }

    /// <summary><c>CA</c> and 32 hex digits, or null.</summary>
    public bool HasValidCallSid => CallSid is not null;

    public string Field(string name) => Form.TryGetValue(name, out var value) ? value.ToString() : "";

    /// <summary>Twilio's bodies are a few hundred bytes; anything far larger is not Twilio.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    // Binding runs before the endpoint filters, so it must neither throw nor read an unbounded body:
    // an unreadable form binds as empty, and the signature filter then refuses the request.
    public static async ValueTask<VoiceRequest> BindAsync(HttpContext http)
    {
        var size = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
        if (size is { IsReadOnly: false })
        {
            size.MaxRequestBodySize = MaxBodyBytes;
        }
        IFormCollection form;
        try
        {
            form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : FormCollection.Empty;
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            form = FormCollection.Empty;
        }
        string Get(string name) => form.TryGetValue(name, out var value) ? value.ToString() : "";
        var sid = Get("CallSid");
        var digits = Get("Digits");
        var token = http.Request.Headers["I-Twilio-Idempotency-Token"].ToString();
        var request = new VoiceRequest(
            CallSidPattern().IsMatch(sid) ? sid : null,
            CallerId(Get("From")),
            string.IsNullOrWhiteSpace(Get("To")) ? null : Get("To").Trim(),
            digits.Length > MaxDigitsLength ? new string('x', MaxDigitsLength + 1) : digits,
            string.IsNullOrEmpty(token) || token.Length > 200 ? null : token,
            form)
        {
            Shards = http.RequestServices.GetRequiredService<CallShards>(),
        };
        // The route is read from the URL Twilio signed; the signature filter refuses a URL anyone altered.
        var query = http.Request.Query;
        if (CallerIdentity.TryParseShard(query["s"].ToString(), request.Shards, out var shard) && CallerIdentity.TryParseTrust(query["c"].ToString(), out var verified)
            && int.TryParse(query["n"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) && attempt is >= 1 and <= MaxAttempt)
        {
            return request with { Caller = CallerIdentity.Resume(request.From, request.To, shard, verified), Attempt = attempt, HasRoute = true };
        }
        return request;
    }

    /// <summary>
    /// Twilio's <c>From</c> is usually E.164 but may be <c>anonymous</c>, <c>unknown</c> or
    /// <c>client:alice</c>. Anything else is reduced to safe characters: it becomes part of Redis keys.
    /// </summary>
    internal static string CallerId(string from)
    {
        if (string.IsNullOrWhiteSpace(from))
        {
            return "unknown";
        }
        var trimmed = from.Trim();
        return trimmed.Length <= 64 && SafeCallerId().IsMatch(trimmed) ? trimmed : "unknown";
    }

    [GeneratedRegex("^CA[0-9a-fA-F]{32}$")]
    private static partial Regex CallSidPattern();

    [GeneratedRegex(@"^[A-Za-z0-9+:._@-]+$")]
    private static partial Regex SafeCallerId();
}
