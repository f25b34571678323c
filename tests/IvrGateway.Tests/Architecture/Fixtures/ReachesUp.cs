namespace IvrGateway.Tests.Architecture.Fixtures;

/// <summary>A deliberate violation for the rule's own test: a type calling up into Scheduling.</summary>
internal static class ReachesUp
{
    public static string DialString() => IvrGateway.Scheduling.MeetingViews.OneTapDialString("+15551234567", "123456789", null);
}
