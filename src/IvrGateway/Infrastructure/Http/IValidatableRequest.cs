namespace IvrGateway.Infrastructure.Http;

/// <summary>
/// A request record that can check its own fields (the checks that need nothing but the request).
/// <see cref="RequestValidationFilter"/> runs it once for every endpoint; checks that need stored
/// state belong to the feature's validator.
/// </summary>
internal interface IValidatableRequest
{
    void Validate(FieldErrors errors);
}
