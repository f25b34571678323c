namespace IvrGateway.Testing;

/// <summary>
/// A fixture whose tests share one application: created before the first test, disposed after the
/// last. Override <see cref="CreateApplication"/> for settings of its own; a fixture's own
/// <c>[OneTimeSetUp]</c> runs after this one, so it can already use the application.
/// </summary>
public abstract class ApplicationFixture<TApplication>
    where TApplication : class, IDisposable, new()
{
    /// <summary>The application under test.</summary>
    /// <remarks>Lower-case because it replaced the <c>app</c> field every fixture declared, and the test bodies still read it.</remarks>
#pragma warning disable IDE1006
    protected TApplication app { get; private set; } = null!;
#pragma warning restore IDE1006

    protected virtual TApplication CreateApplication() => new();

    [OneTimeSetUp]
    public void StartApplication() => app = CreateApplication();

    [OneTimeTearDown]
    public void StopApplication() => app?.Dispose();
}
