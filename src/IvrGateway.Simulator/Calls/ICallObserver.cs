namespace IvrGateway.Simulator.Calls;

/// <summary>Sees each event as it happens, for a live display; the same events end up in <see cref="CallResult.Events"/>.</summary>
public interface ICallObserver
{
    void OnEvent(CallEvent callEvent);
}
