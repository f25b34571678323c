using Microsoft.Extensions.Options;

namespace IvrGateway.IntegrationTests.Conferences;

/// <summary>The REST API's settings are checked at start-up, and each message names its key.</summary>
public sealed class TwilioRestOptionsTests
{
    private static string StartupFailure(Dictionary<string, string?> settings)
    {
        using var app = new IvrApplication(settings) { Environment = "Testing" };
        var error = Assert.Catch(() => app.CreateClient());
        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is OptionsValidationException validation)
            {
                messages.AddRange(validation.Failures);
            }
        }
        return string.Join("\n", messages);
    }

    [Test]
    public void An_API_key_without_its_secret_stops_the_start_naming_the_missing_key()
    {
        var message = StartupFailure(new()
        {
            ["Twilio:AccountSid"] = "AC00000000000000000000000000000000",
            ["Twilio:ApiKeySid"] = "SK00000000000000000000000000000000",
        });

        Assert.That(message, Does.Contain("Twilio:ApiKeySecret"));
    }

    [Test]
    public void An_account_SID_in_the_API_key_slot_stops_the_start_naming_the_key()
    {
        var message = StartupFailure(new()
        {
            ["Twilio:AccountSid"] = "AC00000000000000000000000000000000",
            ["Twilio:ApiKeySid"] = "AC00000000000000000000000000000000",
            ["Twilio:ApiKeySecret"] = "secret",
        });

        Assert.That(message, Does.Contain("Twilio:ApiKeySid"));
    }

    [Test]
    public void A_base_URL_with_a_path_stops_the_start_naming_the_key()
    {
        var message = StartupFailure(new() { ["Twilio:ApiBaseUrl"] = "http://127.0.0.1:5090/2010-04-01" });

        Assert.That(message, Does.Contain("Twilio:ApiBaseUrl"));
    }

    [Test]
    public void An_unknown_Call_me_country_stops_the_start_naming_the_key()
    {
        var message = StartupFailure(new() { ["CallMe:AllowedCountries:0"] = "US", ["CallMe:AllowedCountries:1"] = "Narnia" });

        Assert.That(message, Does.Contain("CallMe:AllowedCountries:1"));
    }

    [Test]
    public void Without_any_REST_settings_the_gateway_starts_outside_Development()
    {
        using var app = new IvrApplication { Environment = "Testing" };

        Assert.That(() => app.CreateClient(), Throws.Nothing);
    }
}
