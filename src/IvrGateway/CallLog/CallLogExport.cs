using System.Text;
using System.Text.Json;
using IvrGateway.Infrastructure;
using Microsoft.Extensions.Options;

namespace IvrGateway.CallLog;

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
