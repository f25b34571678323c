using global::Twilio.Http;

namespace IvrGateway.Simulator.Tests.Support;

/// <summary>
/// The Twilio library's own HTTP client, with every request sent to <paramref name="baseUrl"/> instead of
/// <c>https://api.twilio.com</c>: the library builds, authenticates and parses exactly as it would with Twilio.
/// </summary>
internal sealed class RedirectedTwilioHttpClient(Uri baseUrl) : global::Twilio.Http.HttpClient
{
    private readonly SystemNetHttpClient inner = new(new System.Net.Http.HttpClient(new Rewrite(baseUrl)));

    public override Response MakeRequest(Request request) => inner.MakeRequest(request);

    public override Task<Response> MakeRequestAsync(Request request) => inner.MakeRequestAsync(request);

    private sealed class Rewrite(Uri baseUrl) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(baseUrl, request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
