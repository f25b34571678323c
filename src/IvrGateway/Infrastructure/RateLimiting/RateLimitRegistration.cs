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
                    : RateLimitPartition.GetFixedWindowLimiter("account:" + SignInForms.Account(http, form), _ => Window(perAccount))));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = static async (context, ct) =>
            {
                var retryAfter = ApiKeyFailureLimiter.RetryAfter(context.Lease);
                await TooManyRequests(context.HttpContext, retryAfter, "Too many sign-in attempts from this address or for this account.", page: true);
            };
        });
        return builder;
    }

    /// <summary>
    /// 429 with <c>Retry-After</c> (whole seconds, rounded up) and a problem document; a sign-in <paramref name="page"/>
    /// answers a browser that asked for HTML with a page saying the same.
    /// </summary>
    public static Task TooManyRequests(HttpContext http, TimeSpan retryAfter, string detail, bool page = false)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (page && SignInForms.WantsHtml(http.Request))
        {
            return SignInForms.TooManyRequestsPageAsync(http, seconds, detail);
        }
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: detail + " Try again later.")
            .ExecuteAsync(http);
    }

    /// <summary>
    /// Reads the posted form of a sign-in page whose account is a form field before the rate limiter partitions the request
    /// (a partition is chosen synchronously and cannot read the body itself). Goes before <c>UseRateLimiter</c>.
    /// </summary>
    public static IApplicationBuilder UseSignInFormAccounts(this IApplicationBuilder app) => app.Use(static async (http, next) =>
    {
        if (SignInForm(http) is { AccountField: not null })
        {
            await SignInForms.ReadFormAsync(http);
        }
        await next(http);
    });

    internal static SignInFormAttribute? SignInForm(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) ? http.GetEndpoint()?.Metadata.GetMetadata<SignInFormAttribute>() : null;

    private static FixedWindowRateLimiterOptions Window(WindowLimit limit) => new()
    {
        PermitLimit = limit.PermitLimit,
        Window = limit.Window,
        QueueLimit = 0,
    };
}
