using System.Text.RegularExpressions;

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
        return new VoiceRequest(
            CallSidPattern().IsMatch(sid) ? sid : null,
            CallerId(Get("From")),
            string.IsNullOrWhiteSpace(Get("To")) ? null : Get("To").Trim(),
            digits.Length > MaxDigitsLength ? new string('x', MaxDigitsLength + 1) : digits,
            string.IsNullOrEmpty(token) || token.Length > 200 ? null : token,
            form);
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
