namespace IvrGateway.Join;

/// <summary>
/// The join button, its countdown, the passcode pop-up and the call's status, as the invitee's page and the host's portal
/// page both show them. <see cref="SessionUrl"/> is where the script asks for a token.
/// </summary>
public sealed record JoinControls(
    JoinTexts Texts,
    string SessionUrl,
    string PageId,
    bool NeedsPasscode,
    DateTimeOffset? OpensAt,
    DateTimeOffset Now,
    string OpensAtText)
{
    /// <summary>The fake Twilio's origin when the page loads the simulated Voice SDK (Development only); null for Twilio's SDK.</summary>
    public string? SimulatorOrigin { get; init; }

    public string Iso(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Without a script, the page reloads itself when joining opens (at most every five minutes).</summary>
    public int RefreshSeconds => OpensAt is { } at ? (int)Math.Clamp(Math.Ceiling((at - Now).TotalSeconds) + 1, 5, 300) : 0;
}
