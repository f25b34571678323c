using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace IvrGateway.Infrastructure.RateLimiting;

internal static class RateLimitRegistration
{
    /// <summary>
    /// ASP.NET Core's rate limiter for sign-in forms (per address and per account, chained) and the
    /// failure budget of API keys; both answer 429 with <c>Retry-After</c>. The windows run on the
    /// limiter's own (real) clock: they measure how fast someone is knocking, as timeouts do.
    /// </summary>
    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<ApiKeyFailureLimiter>();
        services.AddSingleton<WrongKeyLog>();
        services.AddRateLimiter(static _ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
        {
            var perAddress = limits.Value.SignInPerAddress;
            var perAccount = limits.Value.SignInPerAccount;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => SignInForm(http) is null
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetFixedWindowLimiter("address:" + ClientAddress.Of(http), _ => Window(perAddress))),
                PartitionedRateLimiter.Create<HttpContext, string>(http => SignInForm(http) is not { } form
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetFixedWindowLimiter("account:" + form.Account, _ => Window(perAccount))));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = static async (context, ct) =>
            {
                var retryAfter = ApiKeyFailureLimiter.RetryAfter(context.Lease);
                await TooManyRequests(context.HttpContext, retryAfter, "Too many sign-in attempts from this address or for this account.");
            };
        });
        return builder;
    }

    /// <summary>429 with <c>Retry-After</c> (whole seconds, rounded up) and a problem document.</summary>
    public static Task TooManyRequests(HttpContext http, TimeSpan retryAfter, string detail)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: detail + " Try again later.")
            .ExecuteAsync(http);
    }

    private static SignInFormAttribute? SignInForm(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) ? http.GetEndpoint()?.Metadata.GetMetadata<SignInFormAttribute>() : null;

    private static FixedWindowRateLimiterOptions Window(WindowLimit limit) => new()
    {
        PermitLimit = limit.PermitLimit,
        Window = limit.Window,
        QueueLimit = 0,
    };
}
