using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace IvrGateway.BrowserTests.Join;

/// <summary>
/// Twilio's Voice SDK replaced in the page (Twilio is not reachable from tests): the vendored <c>/join/twilio.min.js</c> is
/// served as a double whose <c>Device</c> records the token it was made with and every <c>connect</c>'s params on
/// <c>window.__twilioDouble</c>, and whose call is accepted at once.
/// </summary>
internal static class VoiceSdkDouble
{
    private const string Script = """
        window.__twilioDouble = { tokens: [], connects: [] };
        window.Twilio = {
          Device: class {
            constructor(token, options) { window.__twilioDouble.tokens.push(token); }
            async connect(options) {
              window.__twilioDouble.connects.push(options);
              const handlers = {};
              const call = {
                on: (name, handler) => { handlers[name] = handler; },
                disconnect: () => { if (handlers.disconnect) handlers.disconnect(); },
              };
              setTimeout(() => { if (handlers.accept) handlers.accept(); }, 20);
              return call;
            }
            on() {}
            destroy() {}
          },
        };
        """;

    public static Task InstallAsync(IPage page) =>
        page.RouteAsync("**/join/twilio.min.js", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/javascript", Body = Script }));

    /// <summary>The params of every <c>device.connect</c> the page asked for.</summary>
    public static async Task<IReadOnlyList<Dictionary<string, string>>> ConnectsAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("() => JSON.stringify(window.__twilioDouble ? window.__twilioDouble.connects.map(c => c.params) : [])");
        return JsonSerializer.Deserialize<List<Dictionary<string, string>>>(json)!;
    }

    /// <summary>The identity inside the last Access Token the page was given (what Twilio would put in From).</summary>
    public static async Task<string> IdentityAsync(IPage page)
    {
        var token = await page.EvaluateAsync<string>("() => window.__twilioDouble.tokens[window.__twilioDouble.tokens.length - 1]");
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
        return document.RootElement.GetProperty("grants").GetProperty("identity").GetString()!;
    }
}
