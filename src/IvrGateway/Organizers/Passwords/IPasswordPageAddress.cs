namespace IvrGateway.Organizers.Passwords;

/// <summary>Where the portal's set-password page is, as the organizer's browser reaches it (the portal knows its public URL).</summary>
public interface IPasswordPageAddress
{
    string SetPasswordUrl(string token);
}
