namespace IvrGateway.Infrastructure.Auth;

/// <summary>Authorization policies of the management API; each route group applies one.</summary>
internal static class Policies
{
    public const string Admin = "admin";
    public const string Ops = "ops";
    public const string Organizer = "organizer";
    public const string OrganizerOrOps = "organizer-or-ops";
}
