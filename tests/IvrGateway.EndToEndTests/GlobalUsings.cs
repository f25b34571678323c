global using IvrGateway.EndToEndTests.Support;
global using IvrGateway.Testing;
global using IvrGateway.Testing.Gateway;
global using IvrGateway.Testing.Twilio;

// Every test makes its own organizer, meeting and caller numbers, so all of them can run at once;
// they mostly wait on the gateway, so more of them than cores keeps the suite short.
[assembly: Parallelizable(ParallelScope.All)]
[assembly: LevelOfParallelism(4)]
