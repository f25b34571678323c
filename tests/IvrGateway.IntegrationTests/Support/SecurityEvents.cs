using IvrGateway.Infrastructure.Security;

namespace IvrGateway.IntegrationTests.Support;

/// <summary>Security events are written beside the request; tests wait a moment for them.</summary>
public static class SecurityEvents
{
    public static async Task<IReadOnlyList<SecurityEvent>> OfKindAsync(this IvrApplication app, string kind, int atLeast = 1)
    {
        IReadOnlyList<SecurityEvent> found = [];
        // Up to about ten seconds: the event is written after the answer (fire and forget), which a loaded machine can hold
        // back for longer than the one second this once allowed. A test expecting events returns as soon as they are there.
        for (var wait = 0; wait < 500; wait++)
        {
            found = (await app.Service<SecurityEventLog>().RecentAsync(200)).Where(e => e.Kind == kind).ToList();
            if (found.Count >= atLeast)
            {
                break;
            }
            await Task.Delay(20);
        }
        return found;
    }
}
