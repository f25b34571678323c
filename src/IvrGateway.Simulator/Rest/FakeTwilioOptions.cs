using IvrGateway.Simulator.Calls;

namespace IvrGateway.Simulator.Rest;

/// <summary>The account the fake REST API serves, and how the calls it places behave.</summary>
public sealed record FakeTwilioOptions
{
    /// <summary>A well-known account for development: the gateway's Development settings use the same.</summary>
    public const string DevelopmentAccountSid = "AC00000000000000000000000000000000";

    /// <summary>The account in every URL (<c>/2010-04-01/Accounts/{AccountSid}/...</c>) and in the webhooks of placed calls.</summary>
    public string AccountSid { get; init; } = DevelopmentAccountSid;

    /// <summary>Signs the webhooks of placed calls, and is the account's password for Basic auth (with <see cref="AccountSid"/> as the user).</summary>
    public required string AuthToken { get; init; }

    /// <summary>An API key (<c>SK...</c>) accepted as the Basic auth user with <see cref="ApiKeySecret"/>; none when null.</summary>
    public string? ApiKeySid { get; init; }

    public string? ApiKeySecret { get; init; }

    /// <summary>
    /// The TwiML App (<c>AP...</c>) the browsers' Access Tokens may call out through. With it (and the API key, whose secret
    /// signs the tokens) the fake also plays the Voice SDK's calls (<see cref="FakeVoiceSdkApi"/>); without it, it does not.
    /// </summary>
    public string? TwimlAppSid { get; init; }

    /// <summary>The TwiML App's voice URL, which a browser's call requests first; its origin is the page allowed to call (CORS).</summary>
    public Uri VoiceUrl { get; init; } = new("http://127.0.0.1:5080/voice/client");

    /// <summary>What the person who answers a placed call presses, one entry per <c>&lt;Gather&gt;</c>, such as "1" for "press 1 to start".</summary>
    public IReadOnlyList<string> Digits { get; init; } = ["1"];

    /// <summary>How long a placed call stays in a conference; by default until it is removed, its conference ends or it is hung up.</summary>
    public TimeSpan StayInConference { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Twilio's limit for one webhook answer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Sees every event of a placed call (given its options, CallSid included), such as a printer for the terminal.</summary>
    public Func<CallOptions, ICallObserver?> ObserverFor { get; init; } = static _ => null;

    internal void Validate()
    {
        if (!IsSid(AccountSid, "AC"))
        {
            throw new ArgumentException($"The account SID must be AC followed by 32 hex digits, not \"{AccountSid}\".", nameof(AccountSid));
        }
        ArgumentException.ThrowIfNullOrEmpty(AuthToken);
        if ((ApiKeySid is null) != (ApiKeySecret is null))
        {
            throw new ArgumentException("An API key needs both its SID and its secret.", nameof(ApiKeySid));
        }
        if (ApiKeySid is not null && !IsSid(ApiKeySid, "SK"))
        {
            throw new ArgumentException($"The API key SID must be SK followed by 32 hex digits, not \"{ApiKeySid}\".", nameof(ApiKeySid));
        }
        if (TwimlAppSid is not null && !IsSid(TwimlAppSid, "AP"))
        {
            throw new ArgumentException($"The TwiML App SID must be AP followed by 32 hex digits, not \"{TwimlAppSid}\".", nameof(TwimlAppSid));
        }
        if (TwimlAppSid is not null && ApiKeySecret is null)
        {
            throw new ArgumentException("A TwiML App needs the API key (its SID and secret) that signs the browsers' Access Tokens.", nameof(TwimlAppSid));
        }
        if (!VoiceUrl.IsAbsoluteUri || VoiceUrl.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The TwiML App's voice URL must be an absolute http(s) URL, not \"{VoiceUrl}\".", nameof(VoiceUrl));
        }
        foreach (var entry in Digits)
        {
            KeypadEntry.Parse(entry);
        }
    }

    private static bool IsSid(string text, string prefix) =>
        text.Length == 34 && text.StartsWith(prefix, StringComparison.Ordinal) && text.AsSpan(2).ContainsOnlyHex();
}

internal static class HexText
{
    public static bool ContainsOnlyHex(this ReadOnlySpan<char> text)
    {
        foreach (var character in text)
        {
            if (!char.IsAsciiHexDigit(character))
            {
                return false;
            }
        }
        return true;
    }
}
