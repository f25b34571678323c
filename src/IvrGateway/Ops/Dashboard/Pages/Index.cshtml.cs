using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Ops.Dashboard.Pages;

/// <summary>The live view as of the page load; ops.js keeps it current from <c>/ops/live</c>.</summary>
public sealed class IndexModel(LiveSnapshots snapshots) : PageModel
{
    public LiveSnapshot Snapshot { get; private set; } = LiveSnapshot.Empty;

    public async Task OnGetAsync() => Snapshot = await snapshots.CurrentAsync(fresh: true, HttpContext.RequestAborted);
}
