using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrGateway.Infrastructure;

/// <summary>RFC 7807 answers in the shapes the management API promises, as typed results for <c>Results&lt;…&gt;</c> handlers.</summary>
internal static class Problems
{
    public static ValidationProblem Field(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Fields(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors);

    public static ValidationProblem Fields(FieldErrors errors) => Fields(errors.ToDictionary());

    // 404 and 409 stay ProblemHttpResult: it writes application/problem+json through the problem
    // details service, which NotFound<ProblemDetails>/Conflict<ProblemDetails> do not.
    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static ProblemHttpResult Unavailable() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Storage unavailable",
            detail: "The gateway cannot reach its store right now. Nothing was changed; try again shortly.");

    /// <summary>Seconds a client is asked to wait after a 503: a couple of circuit-breaker breaks.</summary>
    public const int UnavailableRetryAfterSeconds = 5;

    /// <summary>The 503 for a store outage, with <c>Retry-After</c>, written outside an endpoint (exception handler, authentication).</summary>
    public static Task WriteUnavailableAsync(HttpContext http)
    {
        http.Response.Headers.RetryAfter = UnavailableRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Unavailable().ExecuteAsync(http);
    }
}
