using System.Globalization;
using System.Text.Encodings.Web;
using IvrGateway.CallLog;
using Microsoft.AspNetCore.Html;

namespace IvrGateway.Ops.Dashboard;

/// <summary>How the pages write times, durations and links; ops.js writes the live rows the same way.</summary>
public static class DashboardFormat
{
    /// <summary>
    /// A time as <c>&lt;time datetime="…Z"&gt;</c>: the server does not know the viewer's time zone,
    /// so ops.js rewrites the text in the browser's; without script the UTC text stays readable.
    /// </summary>
    public static IHtmlContent Time(DateTimeOffset? at)
    {
        if (at is not { } value)
        {
            return new HtmlString("<span class=\"none\">–</span>");
        }
        var utc = value.ToUniversalTime();
        var iso = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var text = utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        return new HtmlString($"<time datetime=\"{iso}\">{text}</time>");
    }

    public static string Duration(double? seconds)
    {
        if (seconds is not { } s || s < 0)
        {
            return "–";
        }
        var span = TimeSpan.FromSeconds(Math.Round(s));
        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes:00} min")
            : span.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{span.Minutes} min {span.Seconds:00} s")
                : string.Create(CultureInfo.InvariantCulture, $"{span.Seconds} s");
    }

    public static string CallUrl(string callSid) => OpsDashboard.PathPrefix + "/calls/" + UrlEncoder.Default.Encode(callSid);

    public static string MeetingUrl(string meetingId) => OpsDashboard.PathPrefix + "/calls?meetingId=" + UrlEncoder.Default.Encode(meetingId);

    public static string CallerUrl(string caller) => OpsDashboard.PathPrefix + "/calls?caller=" + UrlEncoder.Default.Encode(caller);

    /// <summary>
    /// The caller as the call log shows it: the number Twilio gave, or for a browser its identity (<c>client:</c> dropped), never
    /// empty: "Browser" when a browser's call has no identity.
    /// </summary>
    public static string Caller(CallRecord call)
    {
        if (call.Channel != CallRecord.WebChannel)
        {
            return call.From;
        }
        var identity = call.From.StartsWith("client:", StringComparison.Ordinal) ? call.From["client:".Length..] : call.From;
        return identity.Length > 0 && identity != "unknown" ? identity : "Browser";
    }

    /// <summary>
    /// Who the caller is, as ops read it: a browser admitted to a meeting by the name it was admitted under (its label, such as the
    /// invitee's name from the address book), because its identity is an opaque token; anything else as <see cref="Caller"/>.
    /// </summary>
    public static string Name(CallRecord call) =>
        call.Channel == CallRecord.WebChannel && !string.IsNullOrWhiteSpace(call.DisplayName) ? call.DisplayName : Caller(call);

    /// <summary>
    /// A browser's identity as ops can still read it beside its name (a title or a second line); null for a phone call, and
    /// for a browser without an identity (its name already says "Browser").
    /// </summary>
    public static string? Identity(CallRecord call) =>
        call.Channel == CallRecord.WebChannel && Caller(call) is var identity && identity != "Browser" ? "Browser identity " + identity : null;

    /// <summary>The <c>Web</c> badge beside a browser's call; nothing for a phone call.</summary>
    public static IHtmlContent ChannelBadge(CallRecord call) => ChannelBadge(call.Channel == CallRecord.WebChannel);

    public static IHtmlContent ChannelBadge(bool web) =>
        web ? new HtmlString("<span class=\"channel web\" title=\"Joined from a browser\">Web</span>") : HtmlString.Empty;

    public static string OutcomeClass(string outcome) => LiveSnapshot.IsFailure(outcome) ? "outcome bad" : "outcome good";
}
