using System.Text.RegularExpressions;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrGateway.CallLog;

internal static partial class CallLogEndpoints
{
    /// <summary>The call log for ops: search, one call's timeline, and exports of a search.</summary>
    public static RouteGroupBuilder MapCallLogApi(this RouteGroupBuilder api)
    {
        var calls = api.MapGroup("/calls").RequireAuthorization(Policies.Ops).WithTags("Call log");
        calls.MapGet("/", QueryAsync).WithName("QueryCalls");
        calls.MapGet("/export", CallLogExport.RunAsync).WithName("ExportCalls");
        calls.MapGet("/{callSid}", FindAsync).WithName("GetCall");
        return api;
    }

    private static async Task<Results<Ok<CallLogPage>, ValidationProblem>> QueryAsync(HttpRequest request, CallLogStore store, CancellationToken ct)
    {
        var (query, errors) = CallLogQuery.Parse(request.Query, paged: true);
        return query is null ? Problems.Fields(errors) : TypedResults.Ok(await store.QueryAsync(query, ct));
    }

    private static async Task<Results<Ok<CallRecord>, ValidationProblem, ProblemHttpResult>> FindAsync(string callSid, CallLogStore store, CancellationToken ct)
    {
        if (!CallSidPattern().IsMatch(callSid))
        {
            return Problems.Field("callSid", "A call SID is CA followed by 32 hexadecimal digits.");
        }
        var record = await store.FindAsync(callSid, ct);
        return record is null ? Problems.NotFound("No call with this SID in the call log.") : TypedResults.Ok(record);
    }

    [GeneratedRegex("^CA[0-9a-fA-F]{32}$")]
    private static partial Regex CallSidPattern();
}
