using System.Reflection;

namespace IvrGateway.Infrastructure.Http;

/// <summary>
/// A JSON request body bound by <see cref="JsonBody.ReadAsync{T}"/> instead of the framework's
/// binder, which answers malformed JSON with an empty 400. Binding never fails: a body that cannot
/// be read carries its problem (the field named), and <see cref="RequestValidationFilter"/> answers
/// with it before the handler runs, so handlers only ever see <see cref="Value"/>.
/// </summary>
internal sealed class JsonBody<T> : IJsonBody, IBindableFromHttpContext<JsonBody<T>> where T : class
{
    private readonly T? value;

    private JsonBody(T? value, IResult? problem)
    {
        this.value = value;
        Problem = problem;
    }

    public T Value => value ?? throw new InvalidOperationException("The body was not read; RequestValidationFilter must run before the handler.");

    public IResult? Problem { get; }

    object? IJsonBody.Value => value;

    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var (read, problem) = await JsonBody.ReadAsync<T>(context);
        return new JsonBody<T>(read, problem);
    }
}

/// <summary>What <see cref="RequestValidationFilter"/> needs to know of a <see cref="JsonBody{T}"/>, whatever its T.</summary>
internal interface IJsonBody
{
    object? Value { get; }

    IResult? Problem { get; }
}
