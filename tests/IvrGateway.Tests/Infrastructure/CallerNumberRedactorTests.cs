using IvrGateway.Infrastructure.Redaction;

namespace IvrGateway.Tests.Infrastructure;

public sealed class CallerNumberRedactorTests
{
    [TestCase("+12025553456", "+1********56")]
    [TestCase("anonymous", "anonymous")]
    [TestCase("client:alice", "(hidden)")]
    public void A_caller_number_keeps_only_its_country_code_and_last_two_digits(string number, string masked) =>
        Assert.That(new CallerNumberRedactor().Redact(number), Is.EqualTo(masked));
}
