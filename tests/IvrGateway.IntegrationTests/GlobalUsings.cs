global using IvrGateway.IntegrationTests.Support;
global using IvrGateway.Testing;
global using IvrGateway.Testing.Redis;

[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]
