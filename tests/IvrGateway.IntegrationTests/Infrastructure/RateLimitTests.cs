using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IvrGateway.IntegrationTests.Infrastructure;

/// <summary>Guessing the ops key or an API key over HTTP meets a 429 with Retry-After, and cannot flood the logs.</summary>
public sealed partial class RateLimitTests
{
    private const string ClientHeader = "X-Test-Client-Address";

    /// <summary>The test plays many clients: each request says which address it comes from, as a trusted proxy would.</summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (IPAddress.TryParse(http.Request.Headers[ClientHeader].ToString(), out var address))
                {
                    http.Connection.RemoteIpAddress = address;
                }
                return nextMiddleware(http);
            });
            next(app);
        };
    }

    private static IvrApplication App(Dictionary<string, string?> limits) =>
        new(limits, services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());

    private static async Task<HttpResponseMessage> SignInAsync(IvrApplication app, string address, string key)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(ClientHeader, address);
        var form = await client.GetStringAsync("/ops/signin");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(form).Groups[1].Value);
        return await client.PostAsync("/ops/signin", new FormUrlEncodedContent([new("key", key), new("__RequestVerificationToken", token)]));
    }

    private static async Task<HttpResponseMessage> ApiAsync(IvrApplication app, string address, string key)
    {
        using var client = app.Client(key);
        client.DefaultRequestHeaders.Add(ClientHeader, address);
        return await client.GetAsync("/api/v1/calls");
    }

    private static void AssertTooManyRequests(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.Not.Null.And.GreaterThan(TimeSpan.Zero));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Repeated_ops_sign_ins_from_one_address_are_answered_429_with_retry_after_and_other_addresses_are_not()
    {
        using var app = App(new() { ["RateLimits:SignInPerAddress:PermitLimit"] = "5", ["RateLimits:SignInPerAddress:WindowSeconds"] = "300" });

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await SignInAsync(app, "203.0.113.7", "not-the-ops-key-" + i);
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a wrong key shows the form again");
        }
        using var limited = await SignInAsync(app, "203.0.113.7", "not-the-ops-key-x");
        using var evenTheRightKey = await SignInAsync(app, "203.0.113.7", IvrApplication.OpsKey);
        using var elsewhere = await SignInAsync(app, "198.51.100.9", IvrApplication.OpsKey);

        AssertTooManyRequests(limited);
        AssertTooManyRequests(evenTheRightKey);
        Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "another address signs in");
    }

    [Test]
    public async Task Sign_ins_for_the_ops_account_from_many_addresses_are_limited_per_account()
    {
        using var app = App(new() { ["RateLimits:SignInPerAccount:PermitLimit"] = "6" });

        for (var i = 0; i < 6; i++)
        {
            using var wrong = await SignInAsync(app, $"192.0.2.{i + 1}", "not-the-ops-key");
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        using var fromAFreshAddress = await SignInAsync(app, "192.0.2.200", "not-the-ops-key");

        AssertTooManyRequests(fromAFreshAddress);
    }

    [Test]
    public async Task Wrong_api_keys_from_one_address_meet_429_before_any_further_key_is_compared()
    {
        using var app = App(new() { ["RateLimits:ApiKeyFailuresPerAddress:PermitLimit"] = "5" });

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await ApiAsync(app, "203.0.113.50", "wrong-key-0123456789-" + i);
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        using var sixth = await ApiAsync(app, "203.0.113.50", "wrong-key-0123456789-x");
        using var rightKeyFromThere = await ApiAsync(app, "203.0.113.50", IvrApplication.OpsKey);
        using var malformed = await ApiAsync(app, "203.0.113.50", "");

        AssertTooManyRequests(sixth);
        AssertTooManyRequests(rightKeyFromThere);
        Assert.That(malformed.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Right_api_keys_are_never_counted()
    {
        using var app = App(new() { ["RateLimits:ApiKeyFailuresPerAddress:PermitLimit"] = "2" });

        for (var i = 0; i < 12; i++)
        {
            using var ok = await ApiAsync(app, "198.51.100.20", IvrApplication.OpsKey);
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        using var wrong = await ApiAsync(app, "198.51.100.20", "wrong-key-0123456789");

        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Wrong_key_log_lines_are_limited_and_the_left_out_ones_counted()
    {
        using var app = App(new() { ["RateLimits:WrongKeyLogLines:PermitLimit"] = "3", ["RateLimits:WrongKeyLogLines:WindowSeconds"] = "60" });

        for (var i = 0; i < 10; i++)
        {
            // Ten addresses, so the API-key budget of none of them runs out.
            using var wrong = await ApiAsync(app, $"192.0.2.{i + 10}", "wrong-key-0123456789");
        }
        app.Time.Advance(TimeSpan.FromSeconds(61));
        using var later = await ApiAsync(app, "192.0.2.99", "wrong-key-0123456789");

        var lines = app.Logs.Lines.Where(l => l.Contains("Refused a wrong API key", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Count.EqualTo(4));
            Assert.That(lines[^1], Does.Contain("(7 similar lines left out since the last one)"));
            Assert.That(app.Logs.Lines.Where(l => l.Contains("ApiKey was not authenticated", StringComparison.Ordinal)), Is.Empty,
                "the framework's line per failed key is not written");
            Assert.That(app.Logs.All, Does.Not.Contain("wrong-key-0123456789"), "the key itself is never logged");
        });
    }

    [TestCase("RateLimits:SignInPerAddress:PermitLimit", "0")]
    [TestCase("RateLimits:ApiKeyFailuresPerAddress:WindowSeconds", "-1")]
    public void A_bad_limit_stops_the_start_naming_its_key(string key, string value)
    {
        using var app = new IvrApplication(new() { [key] = value });

        var error = Assert.Catch(() => app.CreateClient());

        Assert.That(error!.ToString(), Does.Contain(key));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
