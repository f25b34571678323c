using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace IvrGateway.Scheduling.Invitations;

/// <summary>
/// The invitation messages' sentences per locale, read once from <c>InvitationTexts.json</c> (embedded).
/// A contact's locale picks the set; an unknown one falls back to the language, then to en-US.
/// </summary>
internal static class InvitationTexts
{
    public const string DefaultLocale = "en-US";

    private static readonly FrozenDictionary<string, FrozenDictionary<string, string>> ByLocale = Load();

    public static IReadOnlyCollection<string> Locales => ByLocale.Keys;

    public static bool IsKnown(string? locale) => locale is not null && ByLocale.ContainsKey(locale);

    public static bool Defines(string locale, string key) => ByLocale.TryGetValue(locale, out var texts) && texts.ContainsKey(key);

    /// <summary>The locale whose texts a contact with <paramref name="locale"/> reads.</summary>
    public static string Resolve(string? locale)
    {
        if (locale is not null && ByLocale.ContainsKey(locale))
        {
            return locale;
        }
        var language = locale?.Split('-')[0];
        return ByLocale.Keys.FirstOrDefault(k => k.Split('-')[0].Equals(language, StringComparison.OrdinalIgnoreCase)) ?? DefaultLocale;
    }

    /// <summary>The sentence <paramref name="key"/> in <paramref name="locale"/> with its <c>{name}</c> holes filled.</summary>
    public static string Format(string locale, string key, params (string Name, string Value)[] values)
    {
        var text = ByLocale[locale].TryGetValue(key, out var t) ? t : ByLocale[DefaultLocale][key];
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }
        return text;
    }

    public static CultureInfo Culture(string locale) => CultureInfo.GetCultureInfo(locale);

    private static FrozenDictionary<string, FrozenDictionary<string, string>> Load()
    {
        using var stream = typeof(InvitationTexts).Assembly.GetManifestResourceStream("InvitationTexts.json")
            ?? throw new InvalidOperationException("The embedded InvitationTexts.json is missing.");
        var all = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(stream)!;
        return all.ToFrozenDictionary(l => l.Key, l => l.Value.ToFrozenDictionary(StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
    }
}
