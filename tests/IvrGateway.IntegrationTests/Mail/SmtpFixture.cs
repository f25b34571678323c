using IvrGateway.Testing.Mail;

namespace IvrGateway.IntegrationTests.Mail;

/// <summary>A fresh SMTP server in the test process for every test, so each test reads only the mail it caused.</summary>
public abstract class SmtpFixture
{
    protected SmtpTestServer smtp = null!;

    [SetUp]
    public void StartSmtp() => smtp = SmtpTestServer.Start();

    [TearDown]
    public void StopSmtp() => smtp.Dispose();
}
