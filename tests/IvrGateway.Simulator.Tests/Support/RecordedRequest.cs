namespace IvrGateway.Simulator.Tests.Support;

using Field = KeyValuePair<string, string>;

internal sealed record RecordedRequest(HttpMethod Method, Uri Url, IReadOnlyDictionary<string, string> Headers, IReadOnlyList<Field> Form)
{
    public string Path => Url.AbsolutePath;

    public string Signature => Headers["X-Twilio-Signature"];

    public string IdempotencyToken => Headers["I-Twilio-Idempotency-Token"];

    public IReadOnlyDictionary<string, string> Fields => Form.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    public string Field(string name) =>
        Form.Where(pair => pair.Key == name).Select(pair => pair.Value).DefaultIfEmpty().Single()
        ?? throw new AssertionException($"{Method} {Url} has no field {name}.");

    public static RecordedRequest From(HttpRequestMessage request, string body)
    {
        var headers = request.Headers.ToDictionary(header => header.Key, header => string.Join(" ", header.Value), StringComparer.OrdinalIgnoreCase);
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                headers[header.Key] = string.Join(" ", header.Value);
            }
        }
        return new RecordedRequest(request.Method, request.RequestUri!, headers, ParseForm(body));
    }

    public static IReadOnlyList<Field> ParseForm(string encoded) =>
        encoded.Length == 0
            ? []
            : encoded.TrimStart('?').Split('&').Select(pair =>
            {
                var parts = pair.Split('=', 2);
                return new Field(Decode(parts[0]), parts.Length > 1 ? Decode(parts[1]) : "");
            }).ToList();

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
