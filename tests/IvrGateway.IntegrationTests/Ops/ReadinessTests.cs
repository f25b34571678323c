using System.Net;

namespace IvrGateway.IntegrationTests.Ops;

/// <summary>Readiness says whether this node can serve callers: a Redis outage is Degraded (200), not a reason to leave the balancer.</summary>
public sealed class ReadinessTests
{
    [Test]
    public async Task With_redis_down_readiness_is_200_degraded_and_callers_still_get_valid_twiml()
    {
        using var redis = RedisServer.Start();
        using var app = new IvrApplication(redis: redis.ConnectionString);
        Assert.That(await app.Client().GetStringAsync("/health/ready"), Is.EqualTo("Healthy"));

        redis.Stop();
        var ready = await app.Client().GetAsync("/health/ready");
        var body = await ready.Content.ReadAsStringAsync();
        var greeting = await new VoiceCall(app, from: "+12025554101").DialAsync();

        Assert.Multiple(() =>
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body, Is.EqualTo("Degraded"));
            Assert.That(greeting.StatusCode, Is.EqualTo(200));
            Assert.That(greeting.HangsUp, Is.True, "the apology, in TwiML Twilio plays");
        });
        greeting.AssertValidForTwilio();
        Assert.That((await app.Client().GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("Health:DrainSeconds", "61")]
    [TestCase("Health:ShutdownSeconds", "0")]
    public void A_shutdown_setting_out_of_range_stops_the_start_naming_the_key(string key, string value)
    {
        using var app = new IvrApplication(new() { [key] = value });
        var failure = Assert.Catch(() => app.Client());
        Assert.That(failure!.ToString(), Does.Contain(key));
    }
}
