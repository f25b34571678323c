using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;

namespace IvrGateway.Conferences;

/// <summary>
/// The Twilio library's REST client, signed in with the API key and sent to <c>Twilio:ApiBaseUrl</c>, and the two
/// pipelines its calls run in: <see cref="Safe"/> retries (reads and updates that do the same thing twice), <see cref="Once"/>
/// never does (placing a call: a create that timed out may still have rung the phone).
/// </summary>
public sealed class TwilioRest(IOptions<TwilioRestOptions> options, IHttpClientFactory http, ResiliencePipelineProvider<string> pipelines)
{
    public const string HttpClientName = "twilio-rest";
    public const string SafePipeline = "twilio-rest-safe";
    public const string OncePipeline = "twilio-rest-once";

    public TwilioRestOptions Options => options.Value;

    /// <summary>Null when the account or the API key is not configured (<see cref="TwilioRestOptions.UnavailableReason"/>).</summary>
    public ITwilioRestClient? Client()
    {
        var o = options.Value;
        if (!o.IsConfigured)
        {
            return null;
        }
        return new TwilioRestClient(o.ApiKeySid, o.ApiKeySecret, o.AccountSid, httpClient: new SystemNetHttpClient(http.CreateClient(HttpClientName)));
    }

    public ResiliencePipeline Safe => pipelines.GetPipeline(SafePipeline);

    public ResiliencePipeline Once => pipelines.GetPipeline(OncePipeline);

    /// <summary>Twilio's answer says the thing is not there (the conference ended, the participant left).</summary>
    public static bool IsNotFound(Exception e) => e is ApiException { Status: (int)HttpStatusCode.NotFound };

    /// <summary>Worth another try: the API could not be reached, or answered 429 or 5xx.</summary>
    internal static bool IsTransient(Exception e) =>
        e is ApiConnectionException or HttpRequestException or TimeoutException || e is ApiException { Status: 429 or >= 500 };

    /// <summary>The library always asks https://api.twilio.com; this sends its requests to the configured API instead.</summary>
    internal sealed class ApiBaseHandler(string apiBaseUrl) : DelegatingHandler
    {
        private readonly Uri baseUrl = new(apiBaseUrl);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { } uri && baseUrl.AbsoluteUri != TwilioRestOptions.TwilioApi + "/")
            {
                request.RequestUri = new Uri(baseUrl, uri.PathAndQuery);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
