using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace IvrGateway.Infrastructure.RateLimiting;

/// <summary>The sign-in forms' side of the rate limiter: which account a post names, and the 429 page a browser is shown.</summary>
internal static class SignInForms
{
    private const int MaxAccountLength = 254;

    /// <summary>Reads the form into the request (the page reads the same copy later); an unreadable body is left to the page.</summary>
    public static async Task ReadFormAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            return;
        }
        try
        {
            await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException or OperationCanceledException)
        {
            // The post is still counted against its address and the form's account name alone.
        }
    }

    /// <summary>
    /// The account's partition: the form's name, and the posted field (trimmed, lower case) when the form names one. The
    /// value is hashed, so a partition key never holds an address and any length of input takes the same room.
    /// </summary>
    public static string Account(HttpContext http, SignInFormAttribute form)
    {
        if (form.AccountField is not { } field)
        {
            return form.Account;
        }
        var value = http.Features.Get<Microsoft.AspNetCore.Http.Features.IFormFeature>()?.Form?[field].ToString() ?? "";
        value = value.Trim().ToLowerInvariant();
        if (value.Length > MaxAccountLength)
        {
            value = value[..MaxAccountLength];
        }
        return form.Account + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)).AsSpan(0, 12));
    }

    public static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>A page in the product's look (no script, the shared stylesheet) that says what happened and when to try again.</summary>
    public static Task TooManyRequestsPageAsync(HttpContext http, int retryAfterSeconds, string detail)
    {
        var minutes = (int)Math.Ceiling(retryAfterSeconds / 60.0);
        var wait = retryAfterSeconds < 60
            ? $"{retryAfterSeconds.ToString(CultureInfo.InvariantCulture)} seconds"
            : minutes == 1 ? "1 minute" : $"{minutes.ToString(CultureInfo.InvariantCulture)} minutes";
        var back = WebUtility.HtmlEncode(http.Request.Path.Value ?? "/");
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'none'; frame-ancestors 'none'";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Too many sign-in attempts · IvrGateway</title>
                <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
                <link rel="stylesheet" href="/assets/site.css">
            </head>
            <body class="portal">
                <header class="top"><a class="brand" href="/">IvrGateway <span>conferencing</span></a></header>
                <main id="content">
                    <section class="signin">
                        <h1>Too many sign-in attempts</h1>
                        <p class="error" role="alert">{WebUtility.HtmlEncode(detail)} Try again in {wait}.</p>
                        <p><a href="{back}">Back to the form</a></p>
                    </section>
                </main>
            </body>
            </html>
            """;
        return http.Response.WriteAsync(html, http.RequestAborted);
    }
}
