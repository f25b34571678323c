using System.Reflection;
using NetArchTest.Rules;

namespace IvrGateway.Tests.Architecture;

/// <summary>
/// The target layering of docs/architecture.md: each feature folder (= namespace) and the folders it
/// may use. Everything else in the table is forbidden to it, so a new arrow pointing up fails a test.
/// </summary>
internal static class Layering
{
    public const string Root = "IvrGateway";

    public static readonly IReadOnlyDictionary<string, string[]> MayUse = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Infrastructure"] = [],
        ["Codes"] = ["Infrastructure"],
        ["Organizers"] = ["Codes", "Infrastructure"],
        ["Voice"] = ["Codes", "Infrastructure"],
        ["Scheduling"] = ["Organizers", "Mail", "Codes", "Infrastructure"],
        ["CallLog"] = ["Voice", "Codes", "Infrastructure"],
        ["Ops"] = ["CallLog", "Voice", "Scheduling", "Mail", "Codes", "Infrastructure"],
        ["Demo"] = ["Scheduling", "Organizers", "Codes", "Infrastructure"],
        ["Mail"] = ["Infrastructure"],
        ["Portal"] = ["Scheduling", "Organizers", "CallLog", "Voice", "Mail", "Codes", "Infrastructure", "Conferences", "Join"],
        ["Conferences"] = ["Voice", "Scheduling", "Organizers", "Codes", "Infrastructure"],
        ["Join"] = ["Scheduling", "Organizers", "Voice", "Codes", "Infrastructure"],
    };

    public static Assembly Gateway => typeof(Program).Assembly;

    /// <summary>The feature folders <paramref name="feature"/> must not use: every other one not in its row.</summary>
    public static string[] Forbidden(string feature) =>
        MayUse.Keys.Where(other => other != feature && !MayUse[feature].Contains(other)).Select(other => $"{Root}.{other}").ToArray();

    /// <summary>The types of <paramref name="namespaceName"/> that depend on any of <paramref name="forbidden"/>, as NetArchTest reports them.</summary>
    public static IReadOnlyList<string> Violations(Assembly assembly, string namespaceName, string[] forbidden)
    {
        var result = Types.InAssembly(assembly)
            .That().ResideInNamespace(namespaceName)
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult();
        return result.IsSuccessful ? [] : (result.FailingTypeNames ?? []).Order(StringComparer.Ordinal).ToList();
    }

    public static string Describe(string feature, IReadOnlyList<string> violations) =>
        $"{Root}.{feature} may use only {(MayUse[feature].Length == 0 ? "nothing above it" : string.Join(", ", MayUse[feature]))}; " +
        $"these types depend on a folder it must not use ({string.Join(", ", Forbidden(feature))}):\n  " + string.Join("\n  ", violations);
}
