using IvrGateway.Simulator.Twilio;
using IvrGateway.Simulator.Twiml;

namespace IvrGateway.Simulator.Calls;

using Field = KeyValuePair<string, string>;

/// <summary>The state of one call: its fields, its clock, the events so far, and the way it talks to the gateway.</summary>
internal sealed class CallSession(CallOptions options, CallFields fields, WebhookClient webhooks, CallClock clock, LiveCall live, ICallObserver? observer)
{
    private readonly List<CallEvent> events = [];
    private bool rang;

    public CallOptions Options => options;

    public CallFields Fields => fields;

    public CallClock Clock => clock;

    /// <summary>What the REST API sees of the call and asks of it.</summary>
    public LiveCall Live => live;

    public IReadOnlyList<CallEvent> Events => events;

    /// <summary>Twilio answers the call with the first verb other than <c>&lt;Reject&gt;</c>.</summary>
    public bool Answered { get; set; }

    public ConferenceJoin? Conference { get; set; }

    public void Emit(CallEvent callEvent)
    {
        events.Add(callEvent);
        observer?.OnEvent(callEvent);
    }

    public async Task<WebhookReply> SendAsync(WebhookKind kind, string? detail, WebhookRequest request, CancellationToken cancellationToken)
    {
        var reply = await webhooks.SendAsync(request, cancellationToken);
        Emit(new WebhookExchange(kind, detail, request.Method.Method, request.Url, reply.StatusCode, reply.Elapsed, reply.Attempts, reply.Failure, request.Fields));
        return reply;
    }

    /// <summary>
    /// Asks for the next TwiML document. The very first request of an inbound call says <c>ringing</c>;
    /// a placed call is requested once it is answered, so it says <c>in-progress</c> from the start.
    /// </summary>
    public async Task<TwimlDocument> FetchTwimlAsync(Uri url, HttpMethod method, IEnumerable<Field> extra, CancellationToken cancellationToken)
    {
        var status = rang || options.Direction == CallOptions.OutboundApi ? "in-progress" : "ringing";
        var request = new WebhookRequest(method, url, fields.With(status, extra));
        rang = true;
        var reply = await SendAsync(WebhookKind.Twiml, null, request, cancellationToken);
        return TwimlAnswer.Read(request, reply, options.RequestTimeout, TwimlScope.Call);
    }
}
