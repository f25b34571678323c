global using IvrGateway.BrowserTests.Support;
global using IvrGateway.Testing;
global using IvrGateway.Testing.Gateway;
global using IvrGateway.Testing.Twilio;

// One gateway serves every test; each test makes its own organizer, meeting and caller numbers.
// The browser test and the HTTP tests mostly wait, so they may overlap on two cores.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(2)]
