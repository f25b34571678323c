using System.Globalization;
using IvrGateway.CallLog;
using IvrGateway.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace IvrGateway.Ops.Dashboard.Pages;

/// <summary>Search over the call log with the API's own query parameters, so a URL works in both.</summary>
public sealed class CallsModel(CallLogStore store, TimeProvider time) : PageModel
{
    private static readonly string[] Filters = ["since", "until", "meetingId", "caller", "outcome"];

    public CallLogPage? Results { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Problem { get; private set; }

    public string Value(string name) => Request.Query[name].ToString();

    public string PageSize => Value("limit") is { Length: > 0 } limit ? limit : CallLogQuery.DefaultLimit.ToString(CultureInfo.InvariantCulture);

    /// <summary>The usual page sizes, and the one in the address when a link asked for another.</summary>
    public IEnumerable<string> PageSizes => new[] { "25", "50", "100", "200" }.Union([PageSize], StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync()
    {
        // A GET form sends its empty fields too; the API would call an empty filter invalid, so drop them first.
        if (Request.Query.Any(p => p.Value.ToString().Length == 0))
        {
            return LocalRedirect(With(OpsDashboard.PathPrefix + "/calls"));
        }
        var (query, errors) = CallLogQuery.Parse(Request.Query, paged: true);
        if (query is null)
        {
            Errors = errors.ToDictionary();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        try
        {
            Results = await store.QueryAsync(query, HttpContext.RequestAborted);
        }
        catch (StoreUnavailableException)
        {
            Problem = "Redis is unavailable: the call log cannot be searched right now. Try again shortly.";
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }
        return Page();
    }

    /// <summary>This search with other parameters set (null removes one), for paging, exports and quick ranges.</summary>
    public string With(string path, params (string Name, string? Value)[] changes)
    {
        var values = Filters.Append("limit").Append("cursor")
            .Select(n => (Name: n, Value: Request.Query[n].ToString()))
            .Where(p => p.Value.Length > 0)
            .ToDictionary(p => p.Name, p => (string?)p.Value, StringComparer.Ordinal);
        foreach (var (name, value) in changes)
        {
            values[name] = value;
        }
        return QueryHelpers.AddQueryString(path, values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    public string NextPage(string cursor) => With(OpsDashboard.PathPrefix + "/calls", ("cursor", cursor));

    /// <summary>The export of the whole search (no paging): the dashboard's cookie route and the API's Bearer route.</summary>
    public string Export(string format, bool api = false) =>
        With(api ? "/api/v1/calls/export" : OpsDashboard.PathPrefix + "/calls/export", ("format", format), ("cursor", null), ("limit", null));

    public string Since(TimeSpan ago) =>
        With(OpsDashboard.PathPrefix + "/calls", ("since", time.GetUtcNow().Subtract(ago).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            ("until", null), ("cursor", null));
}
