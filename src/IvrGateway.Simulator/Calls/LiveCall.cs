using System.Threading.Channels;

namespace IvrGateway.Simulator.Calls;

/// <summary>
/// The outside view of one call while the simulator plays it: what Twilio's REST API shows of it, and the way
/// the REST API acts on it (hang up, and through its conference: mute, hold, remove, end). The call's own flow
/// is the only reader of the commands, so every callback stays on the call's timeline.
/// </summary>
public sealed class LiveCall
{
    private readonly Lock gate = new();
    private readonly Channel<CallCommand> commands = Channel.CreateUnbounded<CallCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<CallResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string status;
    private DateTimeOffset updated;
    private DateTimeOffset? started;
    private DateTimeOffset? ended;
    private int? durationSeconds;
    private string? hangUpReason;

    internal LiveCall(string sid, string accountSid, string from, string to, string direction, DateTimeOffset created)
    {
        Sid = sid;
        AccountSid = accountSid;
        From = from;
        To = to;
        Direction = direction;
        Created = created;
        updated = created;
        // A placed call waits in Twilio's queue until it is dialed; an inbound one is ringing already.
        status = direction == CallOptions.OutboundApi ? "queued" : "ringing";
    }

    public string Sid { get; }

    public string AccountSid { get; }

    public string From { get; }

    public string To { get; }

    public string Direction { get; }

    public DateTimeOffset Created { get; }

    /// <summary>The result once the call has ended.</summary>
    public Task<CallResult> Completion => completion.Task;

    public LiveCallState State
    {
        get
        {
            lock (gate)
            {
                return new LiveCallState(status, updated, started, ended, durationSeconds);
            }
        }
    }

    /// <summary>Why the call was hung up through the REST API, once it was.</summary>
    internal string? HangUpReason
    {
        get
        {
            lock (gate)
            {
                return hangUpReason;
            }
        }
    }

    /// <summary>Ends the call wherever it is (Calls update with <c>Status=completed</c>).</summary>
    /// <returns>False when the call had already ended.</returns>
    internal bool HangUp(string reason, DateTimeOffset at)
    {
        lock (gate)
        {
            if (ended is not null)
            {
                return false;
            }
            hangUpReason ??= reason;
            updated = at;
        }
        Send(new LeaveCommand(reason, null));
        return true;
    }

    internal void Send(CallCommand command) => commands.Writer.TryWrite(command);

    internal bool TryTakeCommand(out CallCommand command) => commands.Reader.TryRead(out command!);

    internal Task<bool> WaitForCommandAsync(CancellationToken cancellationToken) => commands.Reader.WaitToReadAsync(cancellationToken).AsTask();

    internal void Answer(DateTimeOffset at)
    {
        lock (gate)
        {
            if (started is null)
            {
                status = "in-progress";
                started = at;
                updated = at;
            }
        }
    }

    internal void End(string callStatus, int seconds, DateTimeOffset at)
    {
        lock (gate)
        {
            status = callStatus;
            ended = at;
            updated = at;
            durationSeconds = seconds;
        }
    }

    internal void Complete(CallResult result) => completion.TrySetResult(result);

    internal void Abandon(CancellationToken cancellationToken) => completion.TrySetCanceled(cancellationToken);

    internal void Fail(Exception exception) => completion.TrySetException(exception);
}

/// <param name="Status">Twilio's call status: <c>queued</c>, <c>ringing</c>, <c>in-progress</c>, <c>completed</c>, <c>busy</c>.</param>
/// <param name="DurationSeconds">Set once the call has ended.</param>
public sealed record LiveCallState(string Status, DateTimeOffset Updated, DateTimeOffset? Started, DateTimeOffset? Ended, int? DurationSeconds);

/// <summary>Something the REST API asks of a call; the call's flow acts on it.</summary>
internal abstract record CallCommand;

/// <summary>A participant's mute or hold changed: the flow sends the callback if the conference subscribed to it.</summary>
/// <param name="Subscription"><c>mute</c> or <c>hold</c>, as in <c>statusCallbackEvent</c>.</param>
/// <param name="StatusEvent">Such as <c>participant-mute</c>, <c>participant-unhold</c>.</param>
internal sealed record ParticipantChanged(string Subscription, string StatusEvent) : CallCommand;

/// <summary>Leave: hung up, removed from the conference, or the conference ended.</summary>
/// <param name="ConferenceSid">The conference the command is about; null for a hang-up, which applies anywhere.</param>
internal sealed record LeaveCommand(string Reason, string? ConferenceSid) : CallCommand;
