using IvrGateway.Simulator.Calls;
using Microsoft.Extensions.Time.Testing;

namespace IvrGateway.Simulator.Tests.Support;

/// <summary>A simulator wired to a <see cref="StubGateway"/> with a fake clock: calls run without waiting.</summary>
internal sealed class SimulatorHarness : IDisposable
{
    public const string AuthToken = "test-auth-token";

    public SimulatorHarness() => Simulator = new CallSimulator(Gateway, Time);

    public StubGateway Gateway { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));

    public CallSimulator Simulator { get; }

    public CallOptions Options { get; set; } = new() { Gateway = StubGateway.BaseUrl, AuthToken = AuthToken, Fast = true };

    public Task<CallResult> DialAsync(params string[] keys) => Simulator.DialAsync(Options, new ScriptedKeypad(keys));

    public void Dispose() => Gateway.Dispose();
}
