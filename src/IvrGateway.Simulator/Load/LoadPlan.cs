using System.Globalization;

namespace IvrGateway.Simulator.Load;

/// <summary>One caller of the burst: who calls, and what they type.</summary>
public sealed record PlannedCaller(int Index, string From, string AccessCode, string Passcode, string Name, int Meeting);

/// <summary>The meetings a run dials into, made by the setup; saved with <c>--setup-only</c> and read back with <c>--reuse</c>.</summary>
public sealed record LoadPlan(int Meetings, IReadOnlyList<PlannedCaller> Callers)
{
    /// <summary>
    /// Made-up codes for a gateway that checks none (the baseline): no management API is called.
    /// </summary>
    public static LoadPlan Synthetic(int callers, int meetings, int numberOffset)
    {
        var codes = Enumerable.Range(0, meetings).Select(_ => Digits(10)).ToArray();
        var planned = Enumerable.Range(0, callers)
            .Select(i => new PlannedCaller(i, CallerNumbers.For(numberOffset + i), codes[MeetingOf(i, meetings)], Digits(6),
                CallerNumbers.Name(numberOffset + i), MeetingOf(i, meetings)))
            .ToList();
        return new LoadPlan(meetings, planned);
    }

    /// <summary>Callers go round the meetings (caller i into meeting i mod n), so every meeting gets callers all through the window.</summary>
    public static int MeetingOf(int caller, int meetings) => caller % meetings;

    private static string Digits(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => Random.Shared.Next(10).ToString(CultureInfo.InvariantCulture)));
}

/// <summary>
/// Distinct caller numbers: the gateway budgets lookups and failures per caller number, so a
/// burst from one number would be locked out after a few calls.
/// </summary>
public static class CallerNumbers
{
    // 10,000 fictional 555 lines per area code.
    private static readonly string[] AreaCodes =
        ["202", "303", "404", "505", "606", "707", "808", "909", "212", "312", "415", "512", "617", "713", "818", "919"];

    public static int Capacity => AreaCodes.Length * 10_000;

    public static string For(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Capacity);
        return string.Create(CultureInfo.InvariantCulture, $"+1{AreaCodes[index / 10_000]}555{index % 10_000:D4}");
    }

    /// <summary>The address-book name the caller joins under.</summary>
    public static string Name(int index) => string.Create(CultureInfo.InvariantCulture, $"Load Caller {index:D6}");
}
