namespace IvrGateway.Infrastructure.Auth;

/// <summary>The roles an API key (or the dashboard's ops session) carries.</summary>
internal static class Roles
{
    public const string Admin = "admin";
    public const string Ops = "ops";
    public const string Organizer = "organizer";
}
