using System.Net;
using IvrGateway.Simulator.Calls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IvrGateway.Simulator.Rest;

/// <summary>
/// Twilio's REST API on a local port, played by a <see cref="CallSimulator"/>: point the Twilio library's base URL
/// at <see cref="BaseUrl"/>. Calls dialed through the same simulator share its conferences, so the API can mute,
/// remove and end them too.
/// </summary>
public sealed class FakeTwilioServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly FakeTwilioApi api;
    private readonly FakeVoiceSdkApi sdk;

    private FakeTwilioServer(WebApplication app, FakeTwilioApi api, FakeVoiceSdkApi sdk, Uri baseUrl)
    {
        this.app = app;
        this.api = api;
        this.sdk = sdk;
        BaseUrl = baseUrl;
    }

    /// <summary>Such as <c>http://127.0.0.1:5090</c>: what <c>https://api.twilio.com</c> becomes.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Every call placed through <c>Calls.json</c>, oldest first, live or ended.</summary>
    public IReadOnlyCollection<LiveCall> PlacedCalls => api.PlacedCalls;

    public LiveCall? PlacedCall(string callSid) => api.PlacedCall(callSid);

    /// <param name="port">0 picks a free port.</param>
    /// <param name="address">Where to listen; loopback when null.</param>
    /// <param name="log">Gets one line per REST request and per placed call's start and end.</param>
    /// <exception cref="ArgumentException">The options are unusable.</exception>
    public static async Task<FakeTwilioServer> StartAsync(CallSimulator simulator, FakeTwilioOptions options, int port = 0,
        IPAddress? address = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeTwilioServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // The command prints its own lines; the host's logging would only interleave with them.
        builder.Logging.ClearProviders();
        // Whoever started the server stops it (the command on Ctrl+C, a test on dispose): the host does not take the process's signals.
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address ?? IPAddress.Loopback, port));
        var app = builder.Build();
        var api = new FakeTwilioApi(simulator, options, log ?? (static _ => { }));
        api.Map(app);
        var sdk = new FakeVoiceSdkApi(simulator, options, log ?? (static _ => { }));
        sdk.Map(app);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var listening = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeTwilioServer(app, api, sdk, new Uri(listening.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    private sealed class CallerOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        // Placed calls stop first, so none is left talking to a gateway after the server is gone.
        await api.StopCallsAsync();
        await sdk.StopCallsAsync();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
