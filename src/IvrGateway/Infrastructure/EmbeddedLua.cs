using System.Reflection;

namespace IvrGateway.Infrastructure;

/// <summary>Lua scripts are embedded resources next to the code that calls them.</summary>
public static class EmbeddedLua
{
    public static string Read(string name)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + name + ".lua", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
