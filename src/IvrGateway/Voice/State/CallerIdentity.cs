using System.Globalization;
using PhoneNumbers;

namespace IvrGateway.Voice.State;

/// <summary>
/// Who a caller is, as far as guessing budgets go. Twilio's <c>From</c> can be spoofed; only a number
/// the originating carrier fully attested (STIR/SHAKEN, <c>StirVerstat=TN-Validation-Passed-A</c>) and
/// that parses as E.164 is <see cref="Verified"/>. A verified caller keeps budgets of its own
/// (<c>v:&lt;e164&gt;</c>) in the shard of its number. Every other caller (partial or no attestation,
/// withheld, unparseable, <c>client:</c>) is keyed <c>u:&lt;number&gt;</c> and also draws from a budget
/// pooled per dialed number, so a thousand spoofed numbers get one budget between them, and nothing an
/// unverified caller does touches a <c>v:</c> key: a spoofed copy of a number cannot lock its owner out.
/// Unverified callers live in the dialed number's shard, so the pool and the call state share a slot.
/// The shard is chosen once, at <c>/voice/incoming</c>, and carried in the signed action URLs.
/// </summary>
public sealed record CallerIdentity(string Number, bool Verified, int Shard, string DialedNumber)
{
    /// <summary>Twilio's <c>StirVerstat</c> value for full (A) attestation.</summary>
    public const string FullAttestation = "TN-Validation-Passed-A";

    /// <summary>The caller's own budgets and lock are kept under this name.</summary>
    public string BudgetKey => (Verified ? "v:" : "u:") + Number;

    /// <summary>The budget unverified callers of one dialed number share.</summary>
    public string PoolKey => "pool:" + DialedNumber;

    /// <summary>How the signed action URLs carry <see cref="Verified"/>.</summary>
    public string Trust => Verified ? "v" : "u";

    public static CallerIdentity Of(string from, string? verstat, string? to, CallShards shards)
    {
        var attested = string.Equals(verstat, FullAttestation, StringComparison.Ordinal);
        // An unattested caller is unverified whatever the parse says, and its digits-only E.164 number would come back
        // unchanged (see Canonical): only an attested number, or one in another shape, needs libphonenumber here.
        var e164 = attested || !IsPlusDigits(from) ? ToE164(from) : from;
        var verified = e164 is not null && attested;
        var number = e164 ?? from;
        var dialed = Dialed(to);
        return new CallerIdentity(number, verified, verified ? shards.For(number) : shards.For(dialed), dialed);
    }

    /// <summary>The identity <c>/voice/incoming</c> chose, from the shard and trust the signed URL carries.</summary>
    public static CallerIdentity Resume(string from, string? to, int shard, bool verified) =>
        new(Canonical(from), verified, shard, Dialed(to));

    /// <summary>The two shards a call from this number to that one can live in (verified first), for callbacks that carry no route.</summary>
    public static int[] CandidateShards(string from, string? to, CallShards shards)
    {
        var own = shards.For(ToE164(from) ?? from);
        var pooled = shards.For(Dialed(to));
        return own == pooled ? [own] : [own, pooled];
    }

    public static bool TryParseTrust(string? value, out bool verified)
    {
        verified = value == "v";
        return value is "v" or "u";
    }

    public static bool TryParseShard(string? value, CallShards shards, out int shard) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out shard) && shards.Contains(shard);

    private static string Dialed(string? to) => string.IsNullOrWhiteSpace(to) ? "unknown" : Canonical(to.Trim());

    /// <summary>
    /// The number as budgets name it: E.164 when possible, else as given. Twilio sends numbers in E.164 already,
    /// and formatting digits-only E.164 gives them back unchanged, so those skip libphonenumber's parse, which
    /// would otherwise run on every step's webhook.
    /// </summary>
    private static string Canonical(string number) =>
        IsPlusDigits(number) ? number : ToE164(number) ?? number;

    private static bool IsPlusDigits(string value) =>
        value.Length is >= 3 and <= 16 && value[0] == '+' && value[1] != '0' && value.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>E.164, or null for anything that is not a possible international number (<c>anonymous</c>, <c>client:alice</c>, garbage).</summary>
    public static string? ToE164(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 32 || !value.StartsWith('+'))
        {
            return null;
        }
        var util = PhoneNumberUtil.GetInstance();
        try
        {
            var number = util.Parse(value, null);
            // "Possible" rather than "assigned": numbering plans change faster than the library.
            return util.IsPossibleNumber(number) ? util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
