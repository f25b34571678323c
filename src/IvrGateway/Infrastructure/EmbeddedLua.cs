using System.Reflection;

namespace IvrGateway.Infrastructure;

/// <summary>Lua scripts are embedded resources next to the code that calls them.</summary>
public static class EmbeddedLua
{
    /// <summary>The script, after the shared helpers it names (Lua scripts sent to Redis cannot import).</summary>
    public static string Read(string name, params string[] libraries) =>
        string.Concat(libraries.Select(Load).Append(Load(name)).Select(text => text + "\n"));

    private static string Load(string name)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + name + ".lua", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
