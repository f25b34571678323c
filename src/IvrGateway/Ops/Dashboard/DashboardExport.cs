using System.Text;
using System.Text.Json;
using IvrGateway.CallLog;
using IvrGateway.Infrastructure;
using Microsoft.Extensions.Options;

namespace IvrGateway.Ops.Dashboard;

/// <summary>
/// <c>GET /ops/calls/export?format=csv|ndjson&amp;…</c>: the API's export for a signed-in browser,
/// which cannot send the ops key as a Bearer header. Same query, same records, same CSV writer.
/// </summary>
internal static class DashboardExport
{
    public static async Task RunAsync(HttpContext http, CallLogStore store, IOptions<CallLogOptions> options)
    {
        var format = http.Request.Query["format"].ToString();
        if (format is not ("csv" or "ndjson"))
        {
            await Problems.Field("format", "format must be csv or ndjson.").ExecuteAsync(http);
            return;
        }
        var (query, problem) = CallLogQuery.Parse(http.Request, paged: false);
        if (problem is not null)
        {
            await problem.ExecuteAsync(http);
            return;
        }
        var records = store.ExportAsync(query!, options.Value.MaxExportRecords, http.RequestAborted);
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
