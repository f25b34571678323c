using System.Net;
using System.Text;

namespace IvrGateway.Simulator.Tests.Support;

/// <summary>
/// Plays the gateway: serves scripted answers per path and records every request (every attempt, retries included).
/// Paths without a script answer 204, which suits callbacks.
/// </summary>
internal sealed class StubGateway : HttpMessageHandler
{
    public static readonly Uri BaseUrl = new("http://gateway.test:5080");

    private readonly Dictionary<string, Queue<Func<RecordedRequest, HttpResponseMessage>>> answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> failuresLeft = new(StringComparer.Ordinal);
    private readonly List<RecordedRequest> requests = [];
    private readonly HashSet<string> hanging = new(StringComparer.Ordinal);

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>Answers the path with this TwiML; several calls for one path answer in turn, the last one for good.</summary>
    public StubGateway Twiml(string path, string responseBody) =>
        Answer(path, _ => Text(HttpStatusCode.OK, responseBody, "application/xml"));

    public StubGateway Answer(string path, Func<RecordedRequest, HttpResponseMessage> answer)
    {
        if (!answers.TryGetValue(path, out var queue))
        {
            answers[path] = queue = new Queue<Func<RecordedRequest, HttpResponseMessage>>();
        }
        queue.Enqueue(answer);
        return this;
    }

    /// <summary>Requests to the path never get an answer (until the caller gives up).</summary>
    public StubGateway Hang(string path)
    {
        hanging.Add(path);
        return this;
    }

    /// <summary>The next requests to the path fail as if the connection were refused.</summary>
    public StubGateway Refuse(string path, int times = int.MaxValue)
    {
        failuresLeft[path] = times;
        return this;
    }

    public static HttpResponseMessage Text(HttpStatusCode status, string body, string mediaType) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    public IEnumerable<RecordedRequest> To(string path) => Requests.Where(request => request.Url.AbsolutePath == path);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = RecordedRequest.From(request, body);
        var path = request.RequestUri!.AbsolutePath;
        Func<RecordedRequest, HttpResponseMessage>? answer = null;
        // Load-style tests run many calls through one stub at once.
        lock (requests)
        {
            requests.Add(recorded);
            if (failuresLeft.TryGetValue(path, out var left) && left > 0)
            {
                failuresLeft[path] = left - 1;
                throw new HttpRequestException("Connection refused (gateway.test:5080)");
            }
            if (answers.TryGetValue(path, out var queue))
            {
                answer = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
            }
        }
        if (hanging.Contains(path))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        return answer?.Invoke(recorded) ?? new HttpResponseMessage(HttpStatusCode.NoContent);
    }
}
