using System.Globalization;
using IvrGateway.Simulator.Calls;
using Spectre.Console;

namespace IvrGateway.Simulator.Cli;

/// <summary>Shows a call as it happens, one line per event, in a form a person can follow.</summary>
/// <param name="echoKeys">False when a person typed the keys at the prompt, where they are already on screen.</param>
internal sealed class CallPrinter(IAnsiConsole console, Uri gateway, bool echoKeys) : ICallObserver
{
    private const int RequestColumn = 44;
    private static readonly Style Dim = new(Color.Grey);
    private static readonly Style Waiting = new(Color.Grey, decoration: Decoration.Italic);
    private static readonly Style Good = new(Color.Green);
    private static readonly Style Bad = new(Color.Red);
    private static readonly Style Keys = new(Color.Yellow);
    private static readonly Style Strong = new(Color.Green, decoration: Decoration.Bold);
    private static readonly Style Plain = Style.Plain;

    public void Header(CallOptions options, string callSid) =>
        Line(("Calling ", Plain), (options.To, Strong), (" from ", Plain), (options.From, Plain), (" via ", Plain),
            (options.Gateway.ToString().TrimEnd('/'), Plain), ($"  (CallSid {callSid})", Dim));

    public void OnEvent(CallEvent callEvent)
    {
        switch (callEvent)
        {
            case WebhookExchange exchange:
                Webhook(exchange);
                break;
            case Said said:
                var voice = string.Join(", ", new[] { said.Voice, said.Language }.Where(part => !string.IsNullOrEmpty(part)));
                Line(("  🔊 ", Plain), (said.WhileWaiting ? "(waiting) " : "", Waiting), (said.Text, said.WhileWaiting ? Waiting : Plain),
                    (Repeats(said.Loop), Dim), (voice.Length > 0 ? $"  [{voice}]" : "", Dim));
                break;
            case Played played:
                Line(("  ♫  ", Plain), (played.WhileWaiting ? "(waiting) " : "", Waiting),
                    (played.Digits is { } digits ? $"tones {digits}" : played.Url?.ToString() ?? "", played.WhileWaiting ? Waiting : Plain),
                    (Repeats(played.Loop), Dim));
                break;
            case Paused paused:
                Line(("  ⏸  ", Plain), ($"{(paused.WhileWaiting ? "(waiting) " : "")}pause {Seconds(paused.Length)}", Dim));
                break;
            case KeysPressed pressed when echoKeys:
                Line(("  ⌨  ", Plain), (pressed.Keys, Keys));
                break;
            case NoInput noInput:
                var after = noInput.Timeout > TimeSpan.Zero ? $"no input for {Seconds(noInput.Timeout)}" : "no digits";
                Line(("  ⌨  ", Plain), ($"({after}: {(noInput.ContinuesWithNextVerb ? "Twilio moves on to the next verb" : "Twilio calls the action anyway")})", Dim));
                break;
            case Redirected redirected:
                Line(("  ↪  ", Plain), ($"{(redirected.Followed ? "" : "(waiting) ")}Redirect to {Show(redirected.Url)}{(redirected.Followed ? "" : " (not followed)")}", Dim));
                break;
            case JoinedConference joined:
                Joined(joined.Conference);
                break;
            case CallEnded ended:
                var callbacks = ended.Callbacks.Count == 0 ? "" : $": {string.Join(", ", ended.Callbacks)} sent";
                var what = ended.Outcome == CallOutcome.Error ? "Twilio would play its application error and hang up" : ended.Reason;
                Line(("  ✆  ", Plain), ($"{what} (call {Seconds(ended.Duration)}){callbacks}", Dim));
                break;
        }
    }

    public void Result(CallResult result, int exitCode, string? error)
    {
        if (error is not null)
        {
            Line((error, Bad));
        }
        var outcome = result.Outcome switch
        {
            CallOutcome.Bridged => "bridged",
            CallOutcome.Refused => "refused by the gateway",
            CallOutcome.CallerHungUp => "caller hung up",
            _ when result.Error?.Kind == CallErrorKind.Unreachable => "gateway unreachable",
            _ => "error",
        };
        Line(("Result: ", Plain), (outcome, exitCode == 0 ? Strong : Bad), ($" (exit code {exitCode})", Dim));
    }

    public void Problem(string message) => Line((message, Bad));

    public void Note(string message) => Line((message, Dim));

    private void Webhook(WebhookExchange exchange)
    {
        var arrow = exchange.Kind is WebhookKind.Twiml or WebhookKind.WaitUrl ? "  → " : "  ↗ ";
        var request = $"{exchange.Method} {Show(exchange.Url)}".PadRight(RequestColumn);
        var after = (exchange.Attempts > 1 ? $"  ({exchange.Attempts} attempts)" : "") + (exchange.Detail is { } detail ? $"  {detail}" : "");
        if (exchange.StatusCode is { } status)
        {
            Line((arrow, Dim), (request, Plain), (status.ToString(CultureInfo.InvariantCulture).PadLeft(4), exchange.Succeeded ? Good : Bad),
                ($" {exchange.Elapsed.TotalMilliseconds,5:0} ms{after}", Dim));
        }
        else
        {
            Line((arrow, Dim), (request, Plain), ($"   ✗ {exchange.Failure}{after}", Bad));
        }
    }

    private void Joined(ConferenceJoin conference)
    {
        var label = conference.ParticipantLabel is { } name ? $" as \"{name}\"" : " without a participant label";
        var flags = $" (starts conference: {YesNo(conference.StartConferenceOnEnter)}, ends it on exit: {YesNo(conference.EndConferenceOnExit)})";
        Line(("  ☎  ", Plain), ("Bridged into conference ", Strong), (conference.Room, Strong), (label, Strong), (flags, Plain));
    }

    private string Show(Uri url) =>
        url.GetLeftPart(UriPartial.Authority) == gateway.GetLeftPart(UriPartial.Authority) ? url.PathAndQuery : url.ToString();

    private static string Repeats(int loop) => loop switch
    {
        1 => "",
        0 => "  (repeating)",
        _ => $"  (×{loop})",
    };

    private static string Seconds(TimeSpan duration) => $"{duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";

    private static string YesNo(bool value) => value ? "yes" : "no";

    private void Line(params (string Text, Style Style)[] parts)
    {
        var paragraph = new Paragraph();
        foreach (var (text, style) in parts.Where(part => part.Text.Length > 0))
        {
            paragraph.Append(text, style);
        }
        console.Write(paragraph);
        console.WriteLine();
    }
}
