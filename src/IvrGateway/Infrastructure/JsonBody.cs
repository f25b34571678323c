using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace IvrGateway.Infrastructure;

/// <summary>
/// Reads a JSON request body and, when it cannot, says which field is wrong in the same
/// problem-details shape as every other validation error (the framework's own binder answers
/// malformed JSON with an empty 400).
/// </summary>
internal static class JsonBody
{
    public const long MaxBytes = 64 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context) where T : class
    {
        var request = context.Request;
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = MaxBytes;
        }
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Field("body", "The body must be JSON (Content-Type: application/json)."));
        }
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            using var buffer = new MemoryStream();
            await CopyLimitedAsync(request.Body, buffer, context.RequestAborted);
            buffer.Position = 0;
            var value = await JsonSerializer.DeserializeAsync<T>(buffer, options, context.RequestAborted);
            return value is null
                ? (null, Problems.Field("body", "The body must be a JSON object."))
                : (value, null);
        }
        catch (BodyTooLargeException)
        {
            return (null, TooLarge());
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        catch (JsonException e)
        {
            return (null, Problems.Field(FieldName(e.Path), "This value is not valid here: " + Describe(e)));
        }
    }

    private static async Task CopyLimitedAsync(Stream source, MemoryStream target, CancellationToken ct)
    {
        var chunk = new byte[8192];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            if (target.Length + read > MaxBytes)
            {
                throw new BodyTooLargeException();
            }
            target.Write(chunk, 0, read);
        }
    }

    private static IResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Request body too large",
        detail: $"The body may be at most {MaxBytes} bytes.");

    /// <summary>Turns <c>$.security.passcodeMode</c> or <c>$.invitees[2]</c> into the field name clients sent.</summary>
    internal static string FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    // JsonException messages quote the offending token, never more of the body than that.
    private static string Describe(JsonException e) =>
        e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0];

    private sealed class BodyTooLargeException : Exception;
}
