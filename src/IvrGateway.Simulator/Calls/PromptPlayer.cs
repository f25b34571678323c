using IvrGateway.Simulator.Twiml;

namespace IvrGateway.Simulator.Calls;

/// <summary>Plays what the caller hears: Say, Play and Pause, in the call or while waiting in a conference.</summary>
internal sealed class PromptPlayer(CallSession call)
{
    public async Task PlayAsync(TwimlVerb verb, bool waiting, CancellationToken cancellationToken)
    {
        switch (verb)
        {
            case SayVerb say:
                call.Emit(new Said(say.Text, say.Voice, say.Language, say.Loop, waiting));
                break;
            case PlayVerb play:
                call.Emit(new Played(play.Url, play.Digits, play.Loop, waiting));
                break;
            case PauseVerb pause:
                call.Emit(new Paused(pause.Length, waiting));
                await call.Clock.WaitAsync(pause.Length, cancellationToken);
                break;
            case RedirectVerb redirect:
                // Only a waitUrl document gets here; following it would loop for as long as the caller waits.
                call.Emit(new Redirected(redirect.Url, redirect.Method.Method, Followed: false));
                break;
            default:
                throw new InvalidOperationException($"{verb.GetType().Name} is not a prompt.");
        }
    }
}
