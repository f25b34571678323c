using System.Globalization;
using System.Text;

namespace IvrGateway.Voice.Flow;

public enum StepType
{
    AccessCode,
    Passcode,
    OrganizerOffer,
    HostPin,
    Bridge,
}

/// <summary>One step of the flow as <c>ivr-flows/flow.json</c> describes it.</summary>
public sealed record FlowStep(string Name, StepType Type, string? Prompt, int Tries, int TimeoutSeconds, string FinishOnKey, IReadOnlyDictionary<string, string> Next);

/// <summary>How one locale sounds: Twilio's voice and language, the culture for times, and the prompts.</summary>
public sealed record FlowLocale(string Name, string Language, string Voice, CultureInfo Culture, string TimeFormat, string DateFormat, IReadOnlyDictionary<string, string> Prompts)
{
    /// <summary>The prompt with its placeholders filled; placeholders were checked at start-up.</summary>
    public string Text(string key, IReadOnlyDictionary<string, string>? values = null)
    {
        var text = Prompts[key];
        if (values is null || !text.Contains('{', StringComparison.Ordinal))
        {
            return text;
        }
        var result = new StringBuilder(text);
        foreach (var (name, value) in values)
        {
            result.Replace("{" + name + "}", value);
        }
        return result.ToString();
    }

    public string Time(DateTimeOffset local) => local.ToString(TimeFormat, Culture);

    public string Date(DateTimeOffset local) => local.ToString(DateFormat, Culture);
}

/// <summary>The loaded, checked call flow.</summary>
public sealed class IvrFlow(
    FlowStep start,
    string greeting,
    FlowLocale defaultLocale,
    IReadOnlyDictionary<string, FlowLocale> localesByNumber,
    IReadOnlyDictionary<string, FlowLocale> locales,
    IReadOnlyDictionary<string, FlowStep> steps)
{
    public FlowStep Start { get; } = start;

    public string Greeting { get; } = greeting;

    public IReadOnlyDictionary<string, FlowLocale> Locales { get; } = locales;

    public IReadOnlyDictionary<string, FlowStep> Steps { get; } = steps;

    /// <summary>The locale callers of <paramref name="dialedNumber"/> hear.</summary>
    public FlowLocale LocaleFor(string? dialedNumber) =>
        dialedNumber is not null && localesByNumber.TryGetValue(dialedNumber, out var locale) ? locale : defaultLocale;

    public FlowLocale LocaleNamed(string? name) =>
        name is not null && Locales.TryGetValue(name, out var locale) ? locale : defaultLocale;

    public FlowStep? Step(string name) => Steps.GetValueOrDefault(name);

    /// <summary>The step an outcome of <paramref name="step"/> leads to (checked at start-up to exist).</summary>
    public FlowStep Next(FlowStep step, string outcome) => Steps[step.Next[outcome]];
}
