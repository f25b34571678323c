using System.Text;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace IvrGateway.Tests.Infrastructure.Http;

public sealed class RequestValidationFilterTests
{
    private static readonly object HandlerRan = new();

    private sealed record NameRequest(string? Name) : IValidatableRequest
    {
        public void Validate(FieldErrors errors)
        {
            if (string.IsNullOrWhiteSpace(Name))
            {
                errors.Add("name", "A name is required.");
            }
        }
    }

    private static async Task<object?> RunAsync(string json)
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddOptions().BuildServiceProvider() };
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var body = await JsonBody<NameRequest>.BindAsync(http, null!);
        var context = EndpointFilterInvocationContext.Create(http, body);
        return await new RequestValidationFilter().InvokeAsync(context, _ => ValueTask.FromResult<object?>(HandlerRan));
    }

    [Test]
    public async Task A_valid_request_reaches_the_handler()
    {
        Assert.That(await RunAsync("""{"name": "Olivia"}"""), Is.SameAs(HandlerRan));
    }

    [Test]
    public async Task A_request_failing_its_own_checks_is_answered_with_a_validation_problem_naming_the_field()
    {
        var result = await RunAsync("""{"name": " "}""");

        Assert.That(result, Is.TypeOf<ValidationProblem>());
        Assert.That(((ValidationProblem)result!).ProblemDetails.Errors["name"], Is.EqualTo(new[] { "A name is required." }));
    }

    [Test]
    public async Task Malformed_json_is_answered_before_the_handler_naming_the_field_it_broke_in()
    {
        var result = await RunAsync("""{"name": """);

        Assert.That(result, Is.TypeOf<ValidationProblem>());
        Assert.That(((ValidationProblem)result!).ProblemDetails.Errors.Keys, Is.EqualTo(new[] { "name" }));
    }
}
