using System.Globalization;
using System.Text.Json;
using IvrGateway.Infrastructure;

namespace IvrGateway.CallLog;

/// <summary>The call log as CSV: one row per call, the steps as <c>step:outcome</c> joined by spaces; cells through <see cref="CsvCells"/>.</summary>
internal static class CallLogCsv
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly string[] Columns =
    [
        "callSid", "from", "to", "locale", "startedAt", "endedAt", "durationSeconds", "status", "outcome",
        "meetingId", "role", "displayName", "conference", "passcodeKind", "joinedAt", "leftAt", "steps",
        "channel",
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
                r.Channel,
            ];
            await writer.WriteLineAsync(CsvCells.Row(values));
        }
    }

    private static string? Time(DateTimeOffset? value) => value?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
