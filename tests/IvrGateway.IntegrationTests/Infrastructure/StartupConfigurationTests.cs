using Microsoft.Extensions.Options;

namespace IvrGateway.IntegrationTests.Infrastructure;

/// <summary>A misconfigured gateway refuses to start and says which key is wrong.</summary>
public sealed class StartupConfigurationTests
{
    private static string StartupFailure(Dictionary<string, string?> settings, string environment = "Production")
    {
        using var app = new IvrApplication(settings) { Environment = environment };
        var error = Assert.Catch(() => app.CreateClient());
        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(i => i.Message));
            }
            if (e is OptionsValidationException validation)
            {
                messages.AddRange(validation.Failures);
            }
        }
        return string.Join("\n", messages);
    }

    [Test]
    public void Production_without_secrets_refuses_to_start_and_names_every_missing_key()
    {
        var message = StartupFailure(new()
        {
            ["Twilio:AuthToken"] = null,
            ["Gateway:CodeSecret"] = null,
            ["Gateway:AdminApiKey"] = null,
            ["Gateway:OpsApiKey"] = null,
        });

        Assert.That(message, Does.Contain("Twilio:AuthToken"));
        Assert.That(message, Does.Contain("Gateway:CodeSecret"));
        Assert.That(message, Does.Contain("Gateway:AdminApiKey"));
        Assert.That(message, Does.Contain("Gateway:OpsApiKey"));
    }

    [TestCase("Staging")]
    [TestCase("Testing")]
    [TestCase("Production")]
    public void Any_environment_but_development_without_secrets_refuses_to_start_and_names_every_missing_key(string environment)
    {
        var message = StartupFailure(new()
        {
            ["Twilio:AuthToken"] = null,
            ["Gateway:CodeSecret"] = null,
            ["Gateway:AdminApiKey"] = null,
            ["Gateway:OpsApiKey"] = null,
        }, environment);

        Assert.Multiple(() =>
        {
            foreach (var key in new[] { "Twilio:AuthToken", "Gateway:CodeSecret", "Gateway:AdminApiKey", "Gateway:OpsApiKey" })
            {
                Assert.That(message, Does.Contain(key + " is required outside Development"));
            }
        });
    }

    [TestCase("Twilio:AuthToken")]
    [TestCase("Gateway:CodeSecret")]
    [TestCase("Gateway:AdminApiKey")]
    [TestCase("Gateway:OpsApiKey")]
    public void Staging_without_one_secret_refuses_to_start_naming_that_key(string key)
    {
        var message = StartupFailure(new() { [key] = null }, "Staging");

        Assert.That(message, Does.Contain(key + " is required outside Development"));
    }

    [TestCase("Gateway:PublicBaseUrl", "http://meet.example.com")]
    [TestCase("Twilio:PublicBaseUrl", "http://ivr.example.com")]
    public void Production_refuses_a_public_url_that_is_not_https(string key, string value)
    {
        var message = StartupFailure(new() { [key] = value });

        Assert.That(message, Does.Contain(key + " must be an https URL in Production"));
    }

    [Test]
    public void Production_with_https_public_urls_starts()
    {
        using var app = new IvrApplication(new() { ["Twilio:PublicBaseUrl"] = "https://ivr.example.com" }) { Environment = "Production" };

        Assert.DoesNotThrow(() => app.CreateClient());
    }

    [Test]
    public void Production_with_every_secret_starts()
    {
        using var app = new IvrApplication { Environment = "Production" };

        Assert.DoesNotThrow(() => app.CreateClient());
    }

    [Test]
    public void Development_alone_starts_with_no_secrets_at_all()
    {
        using var app = new IvrApplication(new()
        {
            ["Twilio:AuthToken"] = null,
            ["Gateway:CodeSecret"] = null,
            ["Gateway:AdminApiKey"] = null,
            ["Gateway:OpsApiKey"] = null,
        }) { Environment = "Development" };

        Assert.DoesNotThrow(() => app.CreateClient());
    }

    [TestCase("Gateway:CodeSecret", "c2hvcnQ=", "at least 32 bytes")]
    [TestCase("Gateway:CodeSecret", "not base64 !!", "not valid base64")]
    [TestCase("Gateway:AdminApiKey", "short", "at least 16 characters")]
    [TestCase("Gateway:ActivationLeadMinutes", "-5", "between 0 and 1440")]
    [TestCase("Gateway:PublicBaseUrl", "meet.example.com", "absolute http(s) URL")]
    [TestCase("Gateway:DialInNumbers:0:number", "5557650000", "E.164")]
    [TestCase("Gateway:DialInNumbers:0:country", "Narnia", "ISO 3166")]
    [TestCase("Twilio:PublicBaseUrl", "ftp://example.com", "absolute http(s) URL")]
    [TestCase("ConnectionStrings:Redis", ",,,", "ConnectionStrings:Redis")]
    public void A_bad_value_stops_the_start_with_a_message_naming_its_key(string key, string value, string expected)
    {
        var message = StartupFailure(new() { [key] = value }, environment: "Testing");

        var section = key.StartsWith("Gateway:DialInNumbers", StringComparison.Ordinal) ? "Gateway:DialInNumbers:0" : key;
        Assert.That(message, Does.Contain(section));
        Assert.That(message, Does.Contain(expected));
    }

    [Test]
    public void A_broken_call_flow_stops_the_start_and_names_the_file_and_key()
    {
        var broken = Directory.CreateTempSubdirectory("ivr-flow-").FullName;
        var shipped = Path.Combine(AppContext.BaseDirectory, "ivr-flows");
        foreach (var file in Directory.GetFiles(shipped, "*.json", SearchOption.AllDirectories))
        {
            var target = Path.Combine(broken, Path.GetRelativePath(shipped, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var flow = Path.Combine(broken, "flow.json");
        File.WriteAllText(flow, File.ReadAllText(flow).Replace("\"ok\": \"bridge\"", "\"ok\": \"nowhere\"", StringComparison.Ordinal));

        var message = StartupFailure(new() { ["Voice:FlowDirectory"] = broken }, environment: "Testing");

        Assert.That(message, Does.Contain("flow.json: steps.passcode.next.ok names the unknown step 'nowhere'."));
    }

    [TestCase("0")]
    [TestCase("5000")]
    public void A_caller_shard_count_outside_1_to_1024_stops_the_start_and_names_the_key(string count)
    {
        var message = StartupFailure(new() { ["Redis:CallerShards"] = count }, environment: "Testing");

        Assert.That(message, Does.Contain("Redis:CallerShards must be between 1 and 1024"));
    }
}
