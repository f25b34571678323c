using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace IvrGateway.Voice.Flow;

/// <summary>The flow files are wrong; the message names the file and the key.</summary>
public sealed class FlowValidationException(IReadOnlyList<string> problems)
    : Exception("The call flow in ivr-flows/ is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Loads <c>flow.json</c> and the prompt files it names, checks them against their JSON Schemas
/// and then against what the gateway needs (known step types, every outcome wired to a step of
/// the right type, no unreachable step, every prompt in every locale, known placeholders).
/// </summary>
public static partial class FlowLoader
{
    public const string FlowFile = "flow.json";

    public static IvrFlow Load(string directory)
    {
        var problems = new List<string>();
        var flowPath = Path.Combine(directory, FlowFile);
        var flowNode = ReadChecked(flowPath, Path.Combine(directory, "flow.schema.json"), FlowFile, problems);
        if (flowNode is null)
        {
            throw new FlowValidationException(problems);
        }

        var steps = ReadSteps(flowNode, problems);
        var startName = flowNode["start"]!.GetValue<string>();
        var greeting = flowNode["greeting"]!.GetValue<string>();
        CheckWiring(steps, startName, problems);

        var locales = new Dictionary<string, FlowLocale>(StringComparer.Ordinal);
        foreach (var (name, node) in flowNode["locales"]!.AsObject())
        {
            var relative = node!["prompts"]!.GetValue<string>();
            var locale = ReadLocale(directory, name, node, relative, problems);
            if (locale is not null)
            {
                CheckPrompts(locale, relative, greeting, steps.Values, problems);
                locales[name] = locale;
            }
        }
        var defaultName = flowNode["defaultLocale"]!.GetValue<string>();
        if (!flowNode["locales"]!.AsObject().ContainsKey(defaultName))
        {
            problems.Add($"{FlowFile}: defaultLocale '{defaultName}' is not one of the locales.");
        }
        var byNumber = new Dictionary<string, FlowLocale>(StringComparer.Ordinal);
        foreach (var (number, value) in flowNode["numbers"]!.AsObject())
        {
            var localeName = value!.GetValue<string>();
            if (locales.TryGetValue(localeName, out var locale))
            {
                byNumber[number] = locale;
            }
            else if (!flowNode["locales"]!.AsObject().ContainsKey(localeName))
            {
                problems.Add($"{FlowFile}: numbers.{number} names the unknown locale '{localeName}'.");
            }
        }
        if (problems.Count > 0)
        {
            throw new FlowValidationException(problems);
        }
        return new IvrFlow(steps[startName], greeting, locales[defaultName], byNumber, locales, steps);
    }

    private static Dictionary<string, FlowStep> ReadSteps(JsonNode flow, List<string> problems)
    {
        var steps = new Dictionary<string, FlowStep>(StringComparer.Ordinal);
        foreach (var (name, node) in flow["steps"]!.AsObject())
        {
            var type = Enum.Parse<StepType>(node!["type"]!.GetValue<string>(), ignoreCase: true);
            var next = node["next"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
            var prompt = node["prompt"]?.GetValue<string>();
            if (type != StepType.Bridge && prompt is null)
            {
                problems.Add($"{FlowFile}: steps.{name}.prompt is required for a {Camel(type)} step.");
            }
            steps[name] = new FlowStep(name, type, prompt, node["tries"]?.GetValue<int>() ?? 3,
                node["timeoutSeconds"]?.GetValue<int>() ?? 5, node["finishOnKey"]?.GetValue<string>() ?? "#", next);
        }
        return steps;
    }

    private static void CheckWiring(Dictionary<string, FlowStep> steps, string startName, List<string> problems)
    {
        if (!steps.TryGetValue(startName, out var start))
        {
            problems.Add($"{FlowFile}: start names the unknown step '{startName}'.");
            return;
        }
        if (start.Type != StepType.AccessCode)
        {
            problems.Add($"{FlowFile}: start must be an accessCode step; '{startName}' is a {Camel(start.Type)} step.");
        }
        foreach (var step in steps.Values)
        {
            var allowed = FlowRules.Outcomes[step.Type];
            foreach (var outcome in allowed.Keys.Where(o => !step.Next.ContainsKey(o)))
            {
                problems.Add($"{FlowFile}: steps.{step.Name}.next.{outcome} is required for a {Camel(step.Type)} step.");
            }
            foreach (var (outcome, target) in step.Next)
            {
                if (!allowed.TryGetValue(outcome, out var targetTypes))
                {
                    problems.Add($"{FlowFile}: steps.{step.Name}.next.{outcome} is not an outcome of a {Camel(step.Type)} step (it has: {string.Join(", ", allowed.Keys)}).");
                }
                else if (!steps.TryGetValue(target, out var targetStep))
                {
                    problems.Add($"{FlowFile}: steps.{step.Name}.next.{outcome} names the unknown step '{target}'.");
                }
                else if (!targetTypes.Contains(targetStep.Type))
                {
                    problems.Add($"{FlowFile}: steps.{step.Name}.next.{outcome} must lead to a {string.Join(" or ", targetTypes.Select(Camel))} step; '{target}' is a {Camel(targetStep.Type)} step.");
                }
            }
        }
        var reached = new HashSet<string>(StringComparer.Ordinal) { startName };
        var queue = new Queue<string>([startName]);
        while (queue.TryDequeue(out var name))
        {
            foreach (var target in steps[name].Next.Values.Where(steps.ContainsKey))
            {
                if (reached.Add(target))
                {
                    queue.Enqueue(target);
                }
            }
        }
        foreach (var unreachable in steps.Keys.Where(n => !reached.Contains(n)))
        {
            problems.Add($"{FlowFile}: steps.{unreachable} is unreachable from the start step '{startName}'.");
        }
    }

    private static FlowLocale? ReadLocale(string directory, string name, JsonNode node, string relative, List<string> problems)
    {
        var path = Path.Combine(directory, relative);
        var prompts = ReadChecked(path, Path.Combine(directory, "prompts.schema.json"), relative, problems);
        if (prompts is null)
        {
            return null;
        }
        var cultureName = prompts["culture"]!.GetValue<string>();
        CultureInfo culture;
        try
        {
            culture = CultureInfo.GetCultureInfo(cultureName, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            problems.Add($"{relative}: culture '{cultureName}' is not a known culture.");
            return null;
        }
        var timeFormat = prompts["timeFormat"]!.GetValue<string>();
        var dateFormat = prompts["dateFormat"]!.GetValue<string>();
        foreach (var (key, format) in new[] { ("timeFormat", timeFormat), ("dateFormat", dateFormat) })
        {
            try
            {
                _ = DateTimeOffset.UnixEpoch.ToString(format, culture);
            }
            catch (FormatException)
            {
                problems.Add($"{relative}: {key} '{format}' is not a valid .NET date/time format.");
            }
        }
        var texts = prompts["prompts"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
        return new FlowLocale(name, node["language"]!.GetValue<string>(), node["voice"]!.GetValue<string>(), culture, timeFormat, dateFormat, texts);
    }

    private static void CheckPrompts(FlowLocale locale, string file, string greeting, IEnumerable<FlowStep> steps, List<string> problems)
    {
        var needed = new Dictionary<string, string>(StringComparer.Ordinal) { [greeting] = "the greeting" };
        foreach (var message in FlowRules.Messages)
        {
            needed.TryAdd(message, "the gateway's messages");
        }
        foreach (var step in steps.Where(s => s.Prompt is not null))
        {
            needed.TryAdd(step.Prompt!, $"step '{step.Name}'");
        }
        foreach (var (key, usedBy) in needed)
        {
            if (!locale.Prompts.ContainsKey(key))
            {
                problems.Add($"{file}: prompts.{key} is missing (used by {usedBy}).");
            }
        }
        foreach (var (key, text) in locale.Prompts)
        {
            var allowed = FlowRules.Placeholders.GetValueOrDefault(key, []);
            foreach (Match placeholder in Placeholder().Matches(text))
            {
                var name = placeholder.Groups[1].Value;
                if (!allowed.Contains(name))
                {
                    problems.Add(allowed.Length == 0
                        ? $"{file}: prompts.{key} uses {{{name}}}, but this prompt takes no placeholders."
                        : $"{file}: prompts.{key} uses {{{name}}}; it may use {string.Join(", ", allowed.Select(a => "{" + a + "}"))}.");
                }
            }
        }
    }

    /// <summary>Parses a file and checks it against its schema; null (with problems noted) when it is unusable.</summary>
    private static JsonNode? ReadChecked(string path, string schemaPath, string displayName, List<string> problems)
    {
        if (!File.Exists(path))
        {
            problems.Add($"{displayName}: the file does not exist ({path}).");
            return null;
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            problems.Add($"{displayName}: not valid JSON at line {e.LineNumber + 1}: {e.Message.Split(" Path:", 2)[0]}");
            return null;
        }
        var schema = JsonSchema.FromText(File.ReadAllText(schemaPath));
        var result = schema.Evaluate(node, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return node;
        }
        var before = problems.Count;
        foreach (var detail in result.Details.Where(d => d.HasErrors))
        {
            foreach (var (_, message) in detail.Errors!)
            {
                var location = detail.InstanceLocation.ToString();
                var key = location.Length <= 1 ? "(document)" : location.TrimStart('/').Replace('/', '.');
                problems.Add($"{displayName}: {key}: {message}");
            }
        }
        if (problems.Count == before)
        {
            problems.Add($"{displayName}: does not match {Path.GetFileName(schemaPath)}.");
        }
        return null;
    }

    private static string Camel(StepType type) => JsonNamingPolicy.CamelCase.ConvertName(type.ToString());

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
