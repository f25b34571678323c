using IvrGateway.Organizers;
using IvrGateway.Scheduling;
using IvrGateway.Voice.CallMe;
using Microsoft.Extensions.Options;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace IvrGateway.Conferences;

/// <summary>
/// Call me: places an outbound call to the organizer's phone through Twilio's REST API. The call's webhook carries a
/// one-use ticket (<see cref="CallMeTickets"/>) naming the meeting; the organizer presses 1 and is bridged as host.
/// </summary>
internal sealed class CallMeDialer(TwilioRest rest, CallMeTickets tickets, CallMeDestinations destinations, IOptions<SchedulingOptions> scheduling,
    ILogger<CallMeDialer> logger)
{
    /// <summary>Why Call me cannot work at all here, or null when it can.</summary>
    public string? UnavailableReason =>
        rest.Options.UnavailableReason
        ?? (scheduling.Value.DialInNumbers.Count == 0 ? "Call me needs a number to call from: Gateway:DialInNumbers is empty." : null);

    /// <param name="phone">E.164.</param>
    /// <param name="webhookBase">Where Twilio reaches this gateway (<c>Twilio:PublicBaseUrl</c> or the request's own).</param>
    public async Task<ControlOutcome> PlaceAsync(Organizer organizer, Meeting meeting, string phone, string webhookBase, CancellationToken ct = default)
    {
        if (UnavailableReason is { } reason || rest.Client() is not { } client)
        {
            return ControlOutcome.Failed(UnavailableReason ?? "Call me is unavailable.");
        }
        if (destinations.Refusal(phone) is { } refused)
        {
            logger.LogWarning("Organizer {OrganizerId}: Call me refused a destination outside CallMe:AllowedCountries or premium-rate", organizer.Id);
            return ControlOutcome.Failed(refused);
        }
        if (!await tickets.TryCountAsync(organizer.Id, ct))
        {
            logger.LogWarning("Organizer {OrganizerId}: Call me refused, more than {Limit} calls in {Minutes} minutes", organizer.Id,
                CallMeTickets.CallsPerWindow, CallMeTickets.Window.TotalMinutes);
            return ControlOutcome.Failed($"You asked for {CallMeTickets.CallsPerWindow} calls in the last {CallMeTickets.Window.TotalMinutes:0} minutes; " +
                "wait a few minutes before asking again, or dial in with your host PIN.");
        }
        var reference = await tickets.IssueAsync(new CallMeTicket(meeting.SlotId, organizer.Id, meeting.Id, meeting.Title), ct);
        var options = new CreateCallOptions(new PhoneNumber(phone), new PhoneNumber(scheduling.Value.DialInNumbers[0].Number))
        {
            Url = new Uri($"{webhookBase}{CallMeCall.AnswerPath}?r={reference}"),
            Method = Twilio.Http.HttpMethod.Post,
            StatusCallback = new Uri($"{webhookBase}/voice/status"),
            StatusCallbackMethod = Twilio.Http.HttpMethod.Post,
            StatusCallbackEvent = ["completed"],
            Timeout = 30,
        };
        try
        {
            // Never retried: a create that timed out may still have rung the phone.
            var call = await rest.Once.ExecuteAsync(async token => await CallResource.CreateAsync(options, client).WaitAsync(token), ct);
            logger.LogInformation("Meeting {MeetingId}: Call me placed call {CallSid}", meeting.Id, call.Sid);
            return ControlOutcome.Done("Calling your phone now: answer it and press 1 to start the meeting.");
        }
        catch (Exception e) when (e is ApiException or ApiConnectionException or HttpRequestException or TimeoutException
                                      or Polly.Timeout.TimeoutRejectedException)
        {
            logger.LogWarning("Meeting {MeetingId}: Call me could not place the call ({Error})", meeting.Id, e.GetType().Name);
            return ControlOutcome.Failed(e is ApiException { Code: 21211 or 21214 or 21215 or 21217 }
                ? "Twilio refused to call that number; check it and try again."
                : "Twilio could not be reached to place the call; try again in a moment.");
        }
    }
}
