namespace IvrGateway.Scheduling;

/// <summary>An invitee's join link and calendar link; the token is their only credential.</summary>
internal static class JoinLinks
{
    public static string Url(SchedulingOptions options, string token) => options.PublicBaseUrl.TrimEnd('/') + "/join/" + token;

    public static string CalendarUrl(SchedulingOptions options, string token) => Url(options, token) + "/invite.ics";
}
