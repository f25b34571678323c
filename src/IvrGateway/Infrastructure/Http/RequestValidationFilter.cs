namespace IvrGateway.Infrastructure.Http;

/// <summary>
/// The one place a management request is refused before its handler: a body that could not be read
/// (413 or a 400 naming the field), or a request record whose own checks fail (a 400 validation
/// problem listing every field). Applied once to the <c>/api/v1</c> group.
/// </summary>
internal sealed class RequestValidationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is not IJsonBody body)
            {
                continue;
            }
            if (body.Problem is { } problem)
            {
                return problem;
            }
            if (body.Value is IValidatableRequest request)
            {
                var errors = new FieldErrors();
                request.Validate(errors);
                if (errors.Any)
                {
                    return Problems.Fields(errors);
                }
            }
        }
        return await next(context);
    }
}
