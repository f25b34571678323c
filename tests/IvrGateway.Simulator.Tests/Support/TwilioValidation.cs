using Twilio.Security;

namespace IvrGateway.Simulator.Tests.Support;

/// <summary>Checks signatures with Twilio's own validator, independent of the simulator's code.</summary>
internal static class TwilioValidation
{
    public static bool IsSignedBy(this RecordedRequest request, string authToken)
    {
        var fields = request.Method == HttpMethod.Get ? new Dictionary<string, string>() : request.Fields.ToDictionary();
        return new RequestValidator(authToken).Validate(request.Url.AbsoluteUri, fields, request.Signature);
    }
}
