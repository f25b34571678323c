using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using IvrGateway.Simulator.Calls;

namespace IvrGateway.Simulator.Rest;

/// <summary>The JSON Twilio's 2010-04-01 API answers with: snake_case names, RFC 2822 dates, URIs relative to the API host.</summary>
internal static class RestResources
{
    public const string ApiVersion = "2010-04-01";

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Twilio writes + and & as they are; the default encoder's \u002B is valid JSON but not what Twilio sends.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Twilio's date format in this API version, such as <c>Tue, 01 Dec 2026 22:13:49 +0000</c>.</summary>
    public static string Date(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    public static string? Date(DateTimeOffset? at) => at is { } value ? Date(value) : null;

    public static string AccountUri(string accountSid) => $"/{ApiVersion}/Accounts/{accountSid}";

    public static CallJson Call(LiveCall call)
    {
        var state = call.State;
        var uri = $"{AccountUri(call.AccountSid)}/Calls/{call.Sid}";
        return new CallJson(
            call.Sid,
            Date(call.Created),
            Date(state.Updated),
            null,
            call.AccountSid,
            call.To,
            call.To,
            call.From,
            call.From,
            null,
            state.Status,
            Date(state.Started),
            Date(state.Ended),
            state.DurationSeconds?.ToString(CultureInfo.InvariantCulture),
            null,
            "USD",
            call.Direction,
            null,
            ApiVersion,
            null,
            null,
            null,
            "0",
            null,
            uri + ".json",
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["notifications"] = uri + "/Notifications.json",
                ["recordings"] = uri + "/Recordings.json",
                ["payments"] = uri + "/Payments.json",
                ["events"] = uri + "/Events.json",
                ["siprec"] = uri + "/Siprec.json",
                ["streams"] = uri + "/Streams.json",
                ["user_defined_message_subscriptions"] = uri + "/UserDefinedMessageSubscriptions.json",
                ["user_defined_messages"] = uri + "/UserDefinedMessages.json",
            });
    }

    public static ConferenceJson Conference(ConferenceView conference)
    {
        var uri = $"{AccountUri(conference.AccountSid)}/Conferences/{conference.Sid}";
        return new ConferenceJson(
            conference.AccountSid,
            Date(conference.Created),
            Date(conference.Updated),
            ApiVersion,
            conference.FriendlyName,
            "us1",
            conference.Sid,
            conference.Status,
            uri + ".json",
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["participants"] = uri + "/Participants.json",
                ["recordings"] = uri + "/Recordings.json",
            },
            conference.ReasonEnded,
            conference.CallSidEndingConference);
    }

    public static ParticipantJson Participant(ParticipantView participant) =>
        new(
            participant.AccountSid,
            participant.CallSid,
            participant.Label,
            null,
            false,
            participant.ConferenceSid,
            Date(participant.Created),
            Date(participant.Updated),
            participant.EndConferenceOnExit,
            participant.Muted,
            participant.Hold,
            participant.StartConferenceOnEnter,
            "connected",
            null,
            $"{AccountUri(participant.AccountSid)}/Conferences/{participant.ConferenceSid}/Participants/{participant.CallSid}.json");

    /// <summary>One page holding every record: the fake never has enough to page, so there is no next page.</summary>
    public static Dictionary<string, object?> Page<T>(string recordsKey, IReadOnlyList<T> records, string path, int pageSize) =>
        new(StringComparer.Ordinal)
        {
            [recordsKey] = records,
            ["end"] = Math.Max(0, records.Count - 1),
            ["first_page_uri"] = $"{path}?PageSize={pageSize}&Page=0",
            ["next_page_uri"] = null,
            ["page"] = 0,
            ["page_size"] = pageSize,
            ["previous_page_uri"] = null,
            ["start"] = 0,
            ["uri"] = $"{path}?PageSize={pageSize}&Page=0",
        };
}

internal sealed record CallJson(
    string Sid,
    string DateCreated,
    string DateUpdated,
    string? ParentCallSid,
    string AccountSid,
    string To,
    string ToFormatted,
    string From,
    string FromFormatted,
    string? PhoneNumberSid,
    string Status,
    string? StartTime,
    string? EndTime,
    string? Duration,
    string? Price,
    string PriceUnit,
    string Direction,
    string? AnsweredBy,
    string ApiVersion,
    string? ForwardedFrom,
    string? GroupSid,
    string? CallerName,
    string QueueTime,
    string? TrunkSid,
    string Uri,
    IReadOnlyDictionary<string, string> SubresourceUris);

internal sealed record ConferenceJson(
    string AccountSid,
    string DateCreated,
    string DateUpdated,
    string ApiVersion,
    string FriendlyName,
    string Region,
    string Sid,
    string Status,
    string Uri,
    IReadOnlyDictionary<string, string> SubresourceUris,
    string? ReasonConferenceEnded,
    string? CallSidEndingConference);

internal sealed record ParticipantJson(
    string AccountSid,
    string CallSid,
    string? Label,
    string? CallSidToCoach,
    bool Coaching,
    string ConferenceSid,
    string DateCreated,
    string DateUpdated,
    bool EndConferenceOnExit,
    bool Muted,
    bool Hold,
    bool StartConferenceOnEnter,
    string Status,
    string? QueueTime,
    string Uri);

/// <summary>Twilio's error body: the library turns it into a <c>RestException</c> with this code and message.</summary>
internal sealed record RestError(int Code, string Message, string MoreInfo, int Status)
{
    public static RestError Of(int status, int code, string message) => new(code, message, $"https://www.twilio.com/docs/errors/{code}", status);
}
