using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

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

/// <summary>
/// <c>?format=csv|ndjson</c> and the query's filters: CSV for spreadsheets, NDJSON (one record per
/// line) for tools; streamed, not buffered. The API and the dashboard both serve it.
/// </summary>
internal static class CallLogExport
{
    public static async Task RunAsync(HttpContext http, CallLogStore store, IOptions<CallLogOptions> options)
    {
        var format = http.Request.Query["format"].ToString();
        if (format is not ("csv" or "ndjson"))
        {
            await Problems.Field("format", "format must be csv or ndjson.").ExecuteAsync(http);
            return;
        }
        var (query, errors) = CallLogQuery.Parse(http.Request.Query, paged: false);
        if (query is null)
        {
            await Problems.Fields(errors).ExecuteAsync(http);
            return;
        }
        var records = store.ExportAsync(query, options.Value.MaxExportRecords, http.RequestAborted);
        http.Response.ContentType = format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"calls.{format}\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), leaveOpen: true);
        if (format == "csv")
        {
            await CallLogCsv.WriteAsync(writer, records, http.RequestAborted);
        }
        else
        {
            await foreach (var record in records)
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(record, CallLogCsv.Json));
            }
        }
    }

}

/// <summary>The call log as CSV: one row per call, the steps as <c>step:outcome</c> joined by spaces.</summary>
internal static class CallLogCsv
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly string[] Columns =
    [
        "callSid", "from", "to", "locale", "startedAt", "endedAt", "durationSeconds", "status", "outcome",
        "meetingId", "role", "displayName", "conference", "passcodeKind", "joinedAt", "leftAt", "steps",
    ];

    public static async Task WriteAsync(TextWriter writer, IAsyncEnumerable<CallRecord> records, CancellationToken ct)
    {
        await writer.WriteLineAsync(string.Join(',', Columns));
        await foreach (var r in records.WithCancellation(ct))
        {
            string?[] values =
            [
                r.CallSid, r.From, r.To, r.Locale, Time(r.StartedAt), Time(r.EndedAt), r.DurationSeconds?.ToString(CultureInfo.InvariantCulture),
                r.Status, r.Outcome, r.MeetingId, r.Role, r.DisplayName, r.Conference, r.PasscodeKind, Time(r.JoinedAt), Time(r.LeftAt),
                string.Join(' ', r.Steps.Select(s => s.Step + ":" + s.Outcome)),
            ];
            await writer.WriteLineAsync(string.Join(',', values.Select(Escape)));
        }
    }

    private static string? Time(DateTimeOffset? value) => value?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    // RFC 4180 quoting, and a leading quote mark against spreadsheet formula injection.
    private static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (value[0] is '=' or '@' or '-' && !value.Skip(1).All(c => char.IsAsciiDigit(c) || c is ':' or '.' or 'T' or 'Z' or '-'))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
