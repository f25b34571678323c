using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;

namespace IvrGateway.Ops.Dashboard;

/// <summary>
/// <c>GET /ops/live</c>: server-sent events for the live view. Once a second the snapshot is
/// compared with the one sent last and sent again only when it changed; a comment every 15
/// seconds keeps proxies from closing a quiet stream. The loop ends with the client.
/// </summary>
internal static class LiveStream
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    // The browser reconnects on its own after this; a stream ends after this long so that the
    // reconnect, carrying the cookie, renews the sliding session or finds it expired.
    private static readonly TimeSpan MaxStream = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(HttpContext http, LiveSnapshots snapshots, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        // A shutdown waits for open requests: the stream ends with the viewer or with the gateway.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var ct = stop.Token;
        var expires = (await http.AuthenticateAsync(OpsSession.Scheme)).Properties?.ExpiresUtc;
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        // Proxies such as nginx would otherwise hold events back until a buffer fills.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var started = time.GetTimestamp();
        var lastWrite = started;
        string? sent = null;
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            await http.Response.WriteAsync("retry: 1000\n\n", ct);
            do
            {
                var json = JsonSerializer.Serialize(await snapshots.CurrentAsync(fresh: sent is null, ct), LiveSnapshot.Json);
                if (json != sent)
                {
                    await http.Response.WriteAsync("data: " + json + "\n\n", ct);
                    sent = json;
                    lastWrite = time.GetTimestamp();
                }
                else if (time.GetElapsedTime(lastWrite) >= Heartbeat)
                {
                    await http.Response.WriteAsync(": heartbeat\n\n", ct);
                    lastWrite = time.GetTimestamp();
                }
                await http.Response.Body.FlushAsync(ct);
                if (time.GetElapsedTime(started) >= MaxStream || time.GetUtcNow() >= expires)
                {
                    return;
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The viewer closed the page, or the gateway is stopping: nothing more to send.
        }
    }
}
