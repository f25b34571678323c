namespace IvrGateway.Testing;

/// <summary>Where the repository and the built gateway are, found from the running test assembly's own output folder.</summary>
public static class RepositoryLayout
{
    private static readonly DirectoryInfo Output = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));

    /// <summary>The folder holding <c>IvrGateway.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The gateway's project folder, which is also its content root.</summary>
    public static string GatewayProject => Path.Combine(Root, "src", "IvrGateway");

    /// <summary>The gateway built in the same configuration as these tests (the project reference builds it first).</summary>
    public static string GatewayDll => Path.Combine(GatewayProject, "bin", Configuration, TargetFramework, "IvrGateway.dll");

    // The test assembly runs from tests/<project>/bin/<Configuration>/<TargetFramework>/.
    private static string TargetFramework => Output.Name;

    private static string Configuration => Output.Parent is { Parent.Name: "bin" } configuration
        ? configuration.Name
        : throw new InvalidOperationException(
            $"The tests that start the gateway expect to run from bin/<Configuration>/<TargetFramework>/, not {Output.FullName}; cannot tell which gateway build to start.");

    private static string FindRoot()
    {
        for (var directory = Output; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "IvrGateway.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No IvrGateway.sln above {Output.FullName}: the tests must run from the repository's build output.");
    }
}
