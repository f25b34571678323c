using System.Globalization;

namespace IvrGateway.Simulator.Twilio;

using Field = KeyValuePair<string, string>;

/// <summary>The standard fields Twilio puts on every request about one call.</summary>
internal sealed class CallFields
{
    private readonly Field[] constant;

    /// <param name="direction"><c>inbound</c>, or <c>outbound-api</c> for a call placed through the REST API.</param>
    public CallFields(string accountSid, string callSid, string from, string to, string direction = "inbound")
    {
        CallSid = callSid;
        AccountSid = accountSid;
        var caller = NumberGeography.Of(from);
        var called = NumberGeography.Of(to);
        constant =
        [
            new("AccountSid", accountSid),
            new("ApiVersion", "2010-04-01"),
            new("CallSid", callSid),
            new("Direction", direction),
            new("From", from), .. Geography("From", caller),
            new("To", to), .. Geography("To", called),
            // Legacy duplicates of From and To that Twilio still sends.
            new("Caller", from), .. Geography("Caller", caller),
            new("Called", to), .. Geography("Called", called),
        ];
    }

    public string CallSid { get; }

    public string AccountSid { get; }

    public List<Field> With(string callStatus, IEnumerable<Field>? extra = null)
    {
        var fields = new List<Field>(constant.Length + 8);
        fields.AddRange(constant);
        fields.Add(new("CallStatus", callStatus));
        if (extra is not null)
        {
            fields.AddRange(extra);
        }
        return fields;
    }

    public static string Timestamp(DateTimeOffset at) => at.ToString("R", CultureInfo.InvariantCulture);

    private static Field[] Geography(string prefix, NumberGeography place) =>
    [
        new(prefix + "Country", place.Country),
        new(prefix + "State", place.State),
        new(prefix + "City", place.City),
        new(prefix + "Zip", place.Zip),
    ];
}
