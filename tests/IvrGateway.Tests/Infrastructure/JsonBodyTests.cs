using IvrGateway.Infrastructure;

namespace IvrGateway.Tests.Infrastructure;

public sealed class JsonBodyTests
{
    [TestCase("$.durationMinutes", "durationMinutes")]
    [TestCase("$.security.passcodeMode", "security.passcodeMode")]
    [TestCase("$.invitees[2]", "invitees[2]")]
    [TestCase("$", "body")]
    [TestCase(null, "body")]
    public void A_json_path_becomes_the_field_name_the_client_sent(string? path, string field) =>
        Assert.That(JsonBody.FieldName(path), Is.EqualTo(field));
}
