using System.Net.Http.Headers;
using System.Text;

namespace IvrGateway.Simulator.Twilio;

using Field = KeyValuePair<string, string>;

internal sealed record WebhookRequest(HttpMethod Method, Uri Url, IReadOnlyList<Field> Fields);

/// <summary>What came back; <see cref="Failure"/> is set when no HTTP answer came at all.</summary>
internal sealed record WebhookReply(
    Uri Url,
    int? StatusCode,
    string? ContentType,
    string Body,
    TimeSpan Elapsed,
    int Attempts,
    string? Failure,
    bool TimedOut)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}

/// <summary>Sends one webhook the way Twilio's proxy does: signed, with an idempotency token, a time limit and a retry.</summary>
internal sealed class WebhookClient(HttpClient http, TimeProvider time, TwilioSignature signature, TimeSpan timeout, int retries)
{
    private static readonly ProductInfoHeaderValue TwilioProxy = new("TwilioProxy", "1.1");

    public async Task<WebhookReply> SendAsync(WebhookRequest webhook, CancellationToken cancellationToken)
    {
        var isGet = webhook.Method == HttpMethod.Get;
        // Twilio puts GET fields in the query string and signs only the URL then.
        var url = isGet ? WithQuery(webhook.Url, webhook.Fields) : webhook.Url;
        var signed = signature.Compute(TwilioSignature.SignedUrl(url), isGet ? [] : webhook.Fields);
        // One token per logical request: a retry carries the same one so the gateway can spot the duplicate.
        var idempotencyToken = Guid.NewGuid().ToString();
        var started = time.GetTimestamp();
        string? failure = null;
        var attempt = 0;
        while (attempt <= retries)
        {
            attempt++;
            using var request = new HttpRequestMessage(webhook.Method, url);
            if (!isGet)
            {
                request.Content = new FormUrlEncodedContent(webhook.Fields);
            }
            request.Headers.Add("X-Twilio-Signature", signed);
            request.Headers.Add("I-Twilio-Idempotency-Token", idempotencyToken);
            request.Headers.UserAgent.Add(TwilioProxy);

            using var limit = new CancellationTokenSource(timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
                var body = await response.Content.ReadAsStringAsync(linked.Token);
                return new WebhookReply(url, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body,
                    time.GetElapsedTime(started), attempt, null, false);
            }
            catch (HttpRequestException exception)
            {
                failure = exception.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow gateway is not retried: Twilio gives up on it and plays its error message.
                return new WebhookReply(url, null, null, "", time.GetElapsedTime(started), attempt,
                    $"no answer within {timeout.TotalSeconds:0.#} s", true);
            }
        }
        return new WebhookReply(url, null, null, "", time.GetElapsedTime(started), attempt, failure, false);
    }

    private static Uri WithQuery(Uri url, IReadOnlyList<Field> fields)
    {
        var text = new StringBuilder(url.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped));
        var separator = string.IsNullOrEmpty(url.Query) ? '?' : '&';
        foreach (var (name, value) in fields)
        {
            text.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return new Uri(text.ToString());
    }
}
